package io.gmgw.cli.status;

import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.cli.control.ControlSocketOption;
import io.gmgw.cli.control.Formats;
import io.gmgw.cli.control.GatewayConnection;
import io.gmgw.cli.control.TextTable;
import io.gmgw.gateway.control.ControlClient;
import io.gmgw.gateway.control.GatewayStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gmgw status}: the running gateway's state, from its control socket. */
@ExitCodes({ExitCode.UNAVAILABLE, ExitCode.PERMISSION_DENIED})
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the running gateway's state: version, uptime, where it listens, sessions by protocol, "
                + "address pools and banned addresses.",
                "Asks the gateway on its control socket (--socket); 69 when no gateway answers there, 77 when this "
                        + "user may not use the socket (root and the gateway's user may). --json prints the status "
                        + "object of docs/control-api.md."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw status",
                "  gmgw status --json",
                "  gmgw status --socket /run/gmgw/control.sock"})
public final class StatusCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ControlSocketOption socket;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        GatewayStatus status = GatewayConnection.ask(socket, spec.qualifiedName(), ControlClient::status);
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            json.print(out, status);
            return ExitCode.OK.code();
        }
        out.printf("gmgw %s gateway, up %s (since %s)%n", status.version(),
                Formats.duration(Duration.ofSeconds(status.uptimeSeconds())), Formats.time(status.startedAt()));
        out.printf("control socket: %s%n", socket.path());
        out.printf("listening:      %s%n", status.listeners().isEmpty() ? "nowhere" : status.listeners().stream()
                .map(l -> l.service() + " " + l.address()).collect(Collectors.joining(", ")));
        Map<String, Integer> protocols = new TreeMap<>(status.protocols());
        out.printf("sessions:       %d%s%n", status.sessions(), protocols.isEmpty() ? "" : protocols.entrySet()
                .stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ", " (", ")")));
        out.println();
        if (status.pools().isEmpty()) {
            out.println("Address pools: none");
        } else {
            out.println("Address pools:");
            TextTable pools = new TextTable("POOL", "FAMILY", "RANGE", "USED", "SIZE");
            status.pools().forEach(p -> pools.row(p.name(), p.family(), p.range(), p.used(), p.size()));
            pools.print(out, "  ");
        }
        out.println();
        if (status.bans().isEmpty()) {
            out.println("Banned addresses: none");
        } else {
            out.println("Banned addresses:");
            TextTable bans = new TextTable("ADDRESS", "POINTS", "UNTIL");
            status.bans().forEach(b -> bans.row(b.address(), b.points(), Formats.time(b.until())));
            bans.print(out, "  ");
        }
        out.flush();
        return ExitCode.OK.code();
    }
}
