package io.gmgw.cli.demo;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.files.DurableFiles;
import io.gmgw.gateway.config.ConfigError;
import io.gmgw.gateway.config.ConfigException;
import io.gmgw.gateway.config.GatewayConfig;
import io.gmgw.gateway.config.GatewayConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The demo's gateway configuration, {@code DIR/gateway.yaml}: loopback on a free high port, TLCP with the demo server's
 * double certificate, TLS off (the demo PKI is SM2 only), the group {@value DemoLayout#GROUP} with its signed ACL and
 * the pool {@value DemoLayout#POOL}, the control socket in the demo folder, the unprivileged responder data plane.
 * Written once from a template and kept afterwards; either way it must pass the gateway's own validation
 * ({@link GatewayConfigLoader}, as {@code gmgw config check}) or the step fails naming every error.
 */
final class GatewayConfigDemoStep implements DemoStep {
    static final String RESOURCE = "gateway.yaml";
    /** Ports tried in order: high, outside Linux's ephemeral range (32768-60999), near the usual 443/4433. */
    static final int FIRST_PORT = 10443;
    static final int PORTS_TRIED = 100;

    @Override
    public String name() {
        return "gateway config";
    }

    @Override
    public String run(DemoContext context) throws IOException {
        Path file = context.layout().gatewayConfig();
        if (Files.exists(file)) {
            GatewayConfig config = validate(file, true);
            return file + " already there, kept (valid; listens on " + listen(config) + ")";
        }
        int port = freePort();
        DurableFiles.create(file, render(port).getBytes(StandardCharsets.UTF_8), false);
        GatewayConfig config = validate(file, false);
        return "wrote " + file + " (listens on " + listen(config) + ", TLCP, group " + DemoLayout.GROUP + ", pool "
                + DemoLayout.POOL + ", responder data plane; checked as 'gmgw config check' does)";
    }

    static String render(int port) throws IOException {
        String template;
        try (InputStream in = GatewayConfigDemoStep.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new CommandFailedException(ExitCode.SOFTWARE, "the demo's gateway.yaml template is missing "
                        + "from gmgw's jar; rebuild gmgw");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return template.replace("${port}", Integer.toString(port)).replace("${group}", DemoLayout.GROUP)
                .replace("${pool}", DemoLayout.POOL).replace("${gatewayAddress}", DemoLayout.GATEWAY_TUNNEL_ADDRESS);
    }

    private static GatewayConfig validate(Path file, boolean kept) throws IOException {
        try {
            return GatewayConfigLoader.load(file);
        } catch (ConfigException e) {
            String errors = e.errors().stream().map(ConfigError::toString).collect(Collectors.joining("\n  "));
            throw new CommandFailedException(ExitCode.CONFIG, file + (kept ? " (kept from an earlier run)" : "")
                    + " is not a valid gateway configuration:\n  " + errors + "\nfix it as said, or remove it and run "
                    + "'gmgw demo' again for a fresh one", e);
        }
    }

    private static String listen(GatewayConfig config) {
        return config.listen().addresses().stream().map(a -> a.getHostAddress() + ":" + config.listen().port())
                .collect(Collectors.joining(", "));
    }

    /** The first port from {@link #FIRST_PORT} that 127.0.0.1 can bind now. */
    static int freePort() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int port = FIRST_PORT; port < FIRST_PORT + PORTS_TRIED; port++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(loopback, port));
                return port;
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        throw new CommandFailedException(ExitCode.UNAVAILABLE, "no free port on 127.0.0.1 from " + FIRST_PORT + " to "
                + (FIRST_PORT + PORTS_TRIED - 1) + " for the demo gateway; free one and run the demo again");
    }
}
