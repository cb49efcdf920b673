package io.gmgw.cli.sessions;

import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.cli.control.ControlSocketOption;
import io.gmgw.cli.control.GatewayConnection;
import io.gmgw.gateway.control.GatewayRequests;
import io.gmgw.gateway.control.SessionSelector;
import io.gmgw.gateway.control.SessionView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw sessions disconnect ID|--user USER}: ends sessions; the gateway records who asked and why. */
@ExitCodes({ExitCode.NOT_FOUND, ExitCode.USAGE, ExitCode.UNAVAILABLE, ExitCode.PERMISSION_DENIED,
        ExitCode.AUDIT_UNAVAILABLE})
@Command(name = "disconnect", mixinStandardHelpOptions = true,
        description = {"Disconnect one VPN session by its ID, or every session of a user: each client is told, its "
                + "addresses go back to the pool.",
                "The gateway records each session ended as a control.disconnect audit event with you (your user and "
                        + "uid, as the kernel tells it) and the --reason. 67 when no session matched; 81 when the "
                        + "gateway ended them but could not record it."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw sessions disconnect 4f1c9a2b --reason 'lost laptop'",
                "  gmgw sessions disconnect --user bob --json"})
final class SessionsDisconnectCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ControlSocketOption socket;

    @Mixin
    private JsonOption json;

    static final class Which {
        @Parameters(index = "0", paramLabel = "ID", description = "The session's ID ('gmgw sessions list').")
        String id;

        @Option(names = "--user", paramLabel = "USER", description = "Every session of this user instead.")
        String user;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Which which;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why, for the audit record and the client (at most 256 characters).")
    private String reason;

    @Override
    public Integer call() {
        SessionSelector selector = which.id != null ? new SessionSelector.ById(which.id)
                : new SessionSelector.ByUser(which.user);
        List<SessionView> ended = GatewayConnection.ask(socket, spec.qualifiedName(),
                client -> client.disconnect(selector, reason));
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            json.print(out, new GatewayRequests.Disconnected(ended));
            return ExitCode.OK.code();
        }
        for (SessionView s : ended) {
            out.printf("disconnected session %s of %s (%s, from %s)%n", s.id(), s.user(),
                    s.addressV4() != null ? s.addressV4() : s.addressV6(), s.source());
        }
        out.flush();
        return ExitCode.OK.code();
    }
}
