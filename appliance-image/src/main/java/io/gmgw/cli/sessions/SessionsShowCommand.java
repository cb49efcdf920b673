package io.gmgw.cli.sessions;

import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.cli.control.ControlSocketOption;
import io.gmgw.cli.control.Formats;
import io.gmgw.cli.control.GatewayConnection;
import io.gmgw.gateway.control.SessionView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw sessions show ID}: one session in full. */
@ExitCodes({ExitCode.NOT_FOUND, ExitCode.UNAVAILABLE, ExitCode.PERMISSION_DENIED})
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show one VPN session in full: user and group, the client certificate (subject, serial, "
                + "issuer), protocol and cipher suite, tunnel addresses, the client's address, when it connected, "
                + "bytes, packets and drops each way.",
                "ID is the first column of 'gmgw sessions list'; 67 when the gateway has no such session. --json "
                        + "prints the session object of docs/control-api.md."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw sessions show 4f1c9a2b",
                "  gmgw sessions show 4f1c9a2b --json"})
final class SessionsShowCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ControlSocketOption socket;

    @Mixin
    private JsonOption json;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's ID, as 'gmgw sessions list' shows it.")
    private String id;

    @Override
    public Integer call() {
        SessionView s = GatewayConnection.ask(socket, spec.qualifiedName(), client -> client.session(id));
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            json.print(out, s);
            return ExitCode.OK.code();
        }
        print(out, s, Instant.now());
        out.flush();
        return ExitCode.OK.code();
    }

    static void print(PrintWriter out, SessionView s, Instant now) {
        field(out, "session", s.id());
        field(out, "user", s.user());
        field(out, "group", s.group());
        field(out, "certificate", s.certificate().subject());
        field(out, "  serial", s.certificate().serial());
        field(out, "  issuer", s.certificate().issuer());
        field(out, "protocol", s.protocol() + (s.suite() == null ? "" : ", " + s.suite()));
        field(out, "VPN IPv4", s.addressV4());
        field(out, "VPN IPv6", s.addressV6());
        field(out, "source", s.source());
        field(out, "connected", Formats.time(s.connectedSince()) + " ("
                + Formats.duration(Duration.between(s.connectedSince(), now)) + " ago)");
        field(out, "from client", traffic(s.fromClient()));
        field(out, "to client", traffic(s.toClient()));
    }

    private static String traffic(SessionView.Traffic t) {
        return "%d bytes (%s), %d packets, %d dropped".formatted(t.bytes(), Formats.bytes(t.bytes()), t.packets(),
                t.drops());
    }

    private static void field(PrintWriter out, String name, String value) {
        out.printf("%-13s %s%n", name + ":", value == null || value.isEmpty() ? "-" : value);
    }
}
