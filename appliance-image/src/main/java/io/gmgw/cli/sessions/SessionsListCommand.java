package io.gmgw.cli.sessions;

import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.cli.control.ControlSocketOption;
import io.gmgw.cli.control.Formats;
import io.gmgw.cli.control.GatewayConnection;
import io.gmgw.cli.control.TextTable;
import io.gmgw.gateway.control.GatewayRequests;
import io.gmgw.gateway.control.SessionView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw sessions list}: every established session, one line each. */
@ExitCodes({ExitCode.UNAVAILABLE, ExitCode.PERMISSION_DENIED})
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the established VPN sessions, oldest first: ID, user, group, tunnel addresses, the "
                + "client's address, protocol, how long connected, bytes each way.",
                "--json prints {\"sessions\": [...]} with every member of docs/control-api.md (certificate, suite, "
                        + "packets, drops)."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw sessions list",
                "  gmgw sessions list --user alice",
                "  gmgw sessions list --json | jq -r '.sessions[].user'"})
final class SessionsListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ControlSocketOption socket;

    @Mixin
    private JsonOption json;

    @Option(names = "--user", paramLabel = "USER", description = "Only this user's sessions.")
    private String user;

    @Override
    public Integer call() {
        GatewayRequests.SessionList list = GatewayConnection.ask(socket, spec.qualifiedName(),
                client -> client.call(GatewayRequests.SESSIONS_LIST, user == null ? Map.of() : Map.of("user", user),
                        GatewayRequests.SessionList.class));
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            json.print(out, list);
            return ExitCode.OK.code();
        }
        print(out, list.sessions(), Instant.now());
        out.flush();
        return ExitCode.OK.code();
    }

    static void print(PrintWriter out, List<SessionView> sessions, Instant now) {
        if (sessions.isEmpty()) {
            out.println("no sessions");
            return;
        }
        TextTable table = new TextTable("ID", "USER", "GROUP", "VPN-IPV4", "VPN-IPV6", "SOURCE", "PROTOCOL", "SINCE",
                "FROM-CLIENT", "TO-CLIENT");
        for (SessionView s : sessions) {
            table.row(s.id(), s.user(), s.group(), s.addressV4(), s.addressV6(), s.source(), s.protocol(),
                    Formats.duration(Duration.between(s.connectedSince(), now)), Formats.bytes(s.fromClient().bytes()),
                    Formats.bytes(s.toClient().bytes()));
        }
        table.print(out, "");
    }
}
