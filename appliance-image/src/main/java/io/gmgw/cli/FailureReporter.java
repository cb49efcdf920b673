package io.gmgw.cli;

import io.gmgw.audit.AuditException;
import io.gmgw.crypto.ca.CaException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns a failed command into its exit code and one line on the error writer that says what went wrong and what to
 * do next. No stack trace reaches the terminal unless {@code --verbose} was given; every failure, with its stack
 * trace, goes to the {@value #FAILURE_LOGGER} logger, which conf/logback.xml sends to the log file only.
 */
final class FailureReporter implements CommandLine.IExecutionExceptionHandler {
    static final String FAILURE_LOGGER = "cli.failures";
    private static final Logger FAILURES = LoggerFactory.getLogger(FAILURE_LOGGER);

    private final IntSupplier verbosity;

    FailureReporter(IntSupplier verbosity) {
        this.verbosity = Objects.requireNonNull(verbosity, "verbosity");
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        return report(failure, command.getCommandSpec().qualifiedName(), command.getErr());
    }

    int report(Throwable failure, String command, PrintWriter err) {
        ExitCode code = ExitCodeMapper.exitCodeOf(failure);
        FAILURES.warn("{} failed with exit code {} ({})", command, code.code(), code, failure);
        err.println(command + ": " + message(failure, code));
        if (verbosity.getAsInt() > 0) {
            failure.printStackTrace(err);
        }
        err.flush();
        return code.code();
    }

    private static String message(Throwable failure, ExitCode code) {
        if (failure instanceof CommandFailedException || failure instanceof CaException) {
            return failure.getMessage(); // they say what to do next themselves
        }
        if (failure instanceof AuditException) {
            return failure.getMessage() + " (the command may have made its change: check it, and its audit record "
                    + "is missing)";
        }
        if (code == ExitCode.SOFTWARE) {
            String where = LogFiles.of(FAILURE_LOGGER)
                    .map(file -> "its stack trace is in " + file + " (or run again with --verbose to see it here)")
                    .orElse("run again with --verbose to see its stack trace");
            return "internal error (" + failure.getClass().getSimpleName() + ": " + failure.getMessage()
                    + "); this is a bug in gmgw: " + where + ", and please report it";
        }
        String what = describe(failure);
        return code.nextStep() == null ? what : what + "; " + code.nextStep();
    }

    /** NIO's exceptions carry only the path as their message: say what happened to it. */
    private static String describe(Throwable failure) {
        Throwable t = failure instanceof UncheckedIOException u ? u.getCause() : failure;
        return switch (t) {
            case NoSuchFileException e -> "no such file or directory: " + e.getFile();
            case AccessDeniedException e -> "permission denied: " + e.getFile();
            case FileAlreadyExistsException e -> "already exists: " + e.getFile();
            case FileSystemException e -> e.getMessage();
            default -> t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        };
    }
}
