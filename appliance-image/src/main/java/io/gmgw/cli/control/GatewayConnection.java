package io.gmgw.cli.control;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.gateway.control.ControlClient;
import io.gmgw.gateway.control.ControlClientException;
import io.gmgw.gateway.control.ControlErrorCode;
import io.gmgw.gateway.control.ControlException;
import java.time.Duration;

/**
 * One conversation with the running gateway for a command: connects to the control socket, runs the requests, and
 * turns every way it can fail into a {@link CommandFailedException} with its documented exit code
 * (docs/exit-codes.md) and a message that names the socket and what to do.
 */
public final class GatewayConnection {
    /** How long a command waits for each reply. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What a command does with the client. */
    @FunctionalInterface
    public interface Conversation<T> {
        T run(ControlClient client) throws ControlException, ControlClientException;
    }

    private GatewayConnection() {
    }

    /**
     * @param program the command's name ({@code gmgw sessions disconnect}), which the gateway logs and records
     */
    public static <T> T ask(ControlSocketOption socket, String program, Conversation<T> conversation) {
        return translated(() -> {
            try (ControlClient client = ControlClient.connect(socket.path(), TIMEOUT, program)) {
                return conversation.run(client);
            }
        });
    }

    /** Something that talks to the gateway. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws ControlException, ControlClientException;
    }

    /** Runs {@code attempt}, its failures turned into {@link CommandFailedException}s. */
    static <T> T translated(Attempt<T> attempt) {
        try {
            return attempt.run();
        } catch (ControlClientException e) {
            throw new CommandFailedException(switch (e.kind()) {
                case PERMISSION_DENIED -> ExitCode.PERMISSION_DENIED;
                case NOT_RUNNING, PROTOCOL, TIMEOUT -> ExitCode.UNAVAILABLE;
            }, e.getMessage(), e);
        } catch (ControlException e) {
            ControlErrorCode code = e.knownCode();
            throw new CommandFailedException(exitCode(code), code == ControlErrorCode.UNKNOWN_REQUEST
                    ? e.getMessage() + " (this gateway is older than this gmgw)" : e.getMessage(), e);
        }
    }

    /** The exit code of a refusal; a code this build does not know (null) is the gateway's doing: 69. */
    static ExitCode exitCode(ControlErrorCode code) {
        if (code == null) {
            return ExitCode.UNAVAILABLE;
        }
        return switch (code) {
            case NO_SUCH_SESSION, NO_SUCH_USER -> ExitCode.NOT_FOUND;
            case BAD_ARGUMENT -> ExitCode.USAGE;
            case NOT_PERMITTED -> ExitCode.PERMISSION_DENIED;
            case AUDIT_UNAVAILABLE -> ExitCode.AUDIT_UNAVAILABLE;
            case INTERNAL -> ExitCode.SOFTWARE;
            case BAD_REQUEST, REQUEST_TOO_LARGE, VERSION_UNSUPPORTED, UNKNOWN_REQUEST, BUSY -> ExitCode.UNAVAILABLE;
        };
    }
}
