package io.gmgw.topology;

import io.gmgw.testing.SystemPeers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The reference server: ocserv 1.1.6 (Debian) in the topology's gateway namespace, configured as cstp.md §12 describes:
 * certificate login (the user from the CN), CSTP over TCP only (no UDP, so no DTLS), an IPv4 and an IPv6 pool, routes
 * to the inside network (which clients receive as split-include routes), TLS 1.2 and 1.3 (GnuTLS picks 1.3 with
 * openconnect, as the anchor figures in GM-REFERENCE.md were measured). It runs in the foreground with debug level 1,
 * its output in the process's log; {@link #start} returns when its security module is up.
 */
public final class Ocserv implements AutoCloseable {
    public static final int PORT = 4443;
    static final String INSTALL = "install Debian package ocserv (1.1.6)";
    private static final Pattern READY = Pattern.compile("sec-mod initialized");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final NamespaceTopology topology;
    private final NamespaceProcess process;
    private final Path config;

    private Ocserv(NamespaceTopology topology, NamespaceProcess process, Path config) {
        this.topology = topology;
        this.process = process;
        this.config = config;
    }

    /** Writes the configuration into the topology's work directory and starts ocserv in the gateway namespace. */
    public static Ocserv start(NamespaceTopology topology, TlsTestPki pki) throws TimeoutException,
            InterruptedException {
        return start(topology, pki, true);
    }

    /**
     * As {@link #start}, without {@code route} lines: ocserv then sends no split-include, which a client takes as a
     * full tunnel (everything into the tunnel, the server's own address kept outside).
     */
    public static Ocserv startFullTunnel(NamespaceTopology topology, TlsTestPki pki) throws TimeoutException,
            InterruptedException {
        return start(topology, pki, false);
    }

    private static Ocserv start(NamespaceTopology topology, TlsTestPki pki, boolean routes) throws TimeoutException,
            InterruptedException {
        Path ocserv = SystemPeers.requireProgram("ocserv", INSTALL);
        SystemPeers.require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing: ocserv needs TUN devices "
                + "(load the tun module, or give the container the device)");
        Path dir = topology.workDir().resolve("ocserv");
        Path config = dir.resolve("ocserv.conf");
        try {
            Files.createDirectories(dir);
            // The workers drop to nobody and then connect to the security module's socket: it lives in a directory
            // of its own under the system's temporary directory, which every user can pass through (a test's work
            // directory and its parents need not be). Deleted when the topology closes.
            Path sockets = Files.createTempDirectory("gmgw-ocserv-");
            Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwxr-xr-x"));
            topology.onClose(() -> deleteTree(sockets));
            Files.writeString(config, configuration(topology.addresses(), pki, dir, sockets, routes),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        NamespaceProcess p = topology.gateway().start("ocserv", List.of(ocserv.toString(), "-f", "-d", "1", "-c",
                config.toString()), Map.of(), dir);
        p.awaitLine(READY, START_TIMEOUT);
        return new Ocserv(topology, p, config);
    }

    /** The configuration: cstp.md §12's minimal certificate-login file, with this topology's addresses. */
    static String configuration(TopologyAddresses a, TlsTestPki pki, Path dir, Path sockets, boolean routes) {
        List<String> lines = new ArrayList<>(List.of(
                "auth = \"certificate\"",
                "cert-user-oid = 2.5.4.3",
                "ca-cert = " + pki.caCert(),
                "server-cert = " + pki.serverCert(),
                "server-key = " + pki.serverKey(),
                "tcp-port = " + PORT,
                "socket-file = " + sockets.resolve("ocserv.sock"),
                "pid-file = " + dir.resolve("ocserv.pid"),
                "run-as-user = nobody",
                "run-as-group = nogroup",
                "isolate-workers = false",
                "device = vpns",
                "ipv4-network = " + a.pool4(),
                "ipv6-network = " + a.pool6(),
                "ipv6-subnet-prefix = 64",
                "predictable-ips = true",
                "cookie-timeout = 300",
                "keepalive = 32400",
                "dpd = 90",
                "try-mtu-discovery = false",
                "max-clients = 16",
                "cisco-client-compat = true",
                // ocserv 1.1.6's default priorities leave TLS 1.3 out; the anchors were measured over TLS 1.3.
                "tls-priorities = \"NORMAL:%SERVER_PRECEDENCE:%COMPAT:-VERS-SSL3.0:-VERS-TLS1.0:-VERS-TLS1.1\""));
        if (routes) {
            lines.addAll(List.of("route = " + a.insideNet4(), "route = " + a.insideNet6()));
        }
        return String.join("\n", lines) + "\n";
    }

    /** The URL openconnect connects to: the gateway's outer address. */
    public String url() {
        return "https://" + topology.addresses().gatewayOuter4() + ":" + PORT + "/";
    }

    /** ocserv's own address on every tunnel: the first of the IPv4 pool. */
    public String tunnelAddress4() {
        return topology.addresses().poolGateway4();
    }

    public NamespaceProcess process() {
        return process;
    }

    public Path config() {
        return config;
    }

    /** The ids of the worker processes now running (one per client connection; process name {@code ocserv-worker}). */
    public List<Long> workerPids() {
        List<Long> workers = new ArrayList<>();
        for (long pid : topology.gateway().pids()) {
            try {
                if (Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip().equals("ocserv-worker")) {
                    workers.add(pid);
                }
            } catch (IOException e) {
                // the process ended between listing and reading: not a worker any more
            }
        }
        return workers;
    }

    @Override
    public void close() {
        process.close();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
