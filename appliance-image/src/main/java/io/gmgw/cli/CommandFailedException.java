package io.gmgw.cli;

import java.util.Objects;

/**
 * A command failed in a way gmgw expects: the message, printed on one line without a stack trace, says what went
 * wrong and what to do next; the exit code is one of {@link ExitCode}.
 */
public class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    public CommandFailedException(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    public CommandFailedException(ExitCode exitCode, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        if (exitCode == ExitCode.OK) {
            throw new IllegalArgumentException("a failure cannot exit with " + exitCode);
        }
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
