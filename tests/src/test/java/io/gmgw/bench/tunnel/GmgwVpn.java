package io.gmgw.bench.tunnel;

import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.topology.NamespaceProcess;
import io.gmgw.topology.NamespaceTopology;
import io.gmgw.topology.TlsTestPki;
import io.gmgw.topology.TopologyAddresses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * gmgw on both ends: the gateway ({@code gmgw sslvpn run}, data plane {@code tun}, its device in the gateway
 * namespace) and {@code gmgw connect} in TUN mode in the client namespace, each a JVM of its own started as an
 * operator starts it ({@code java -cp ... io.gmgw.cli.Gmgw}). Three variants, one channel each, the gateway offering
 * only that one so that the suite is known:
 * <ul>
 *   <li>{@link #tls()}: TLS 1.3 with TLS_AES_256_GCM_SHA384 (what GnuTLS negotiates between ocserv and openconnect,
 *       so the anchor's cipher), certificate login with the ECDSA {@link TlsTestPki}, {@code gmgw connect --tls};</li>
 *   <li>{@link #tlcp(String)}: TLCP with one suite (E053 ECC_SM4_GCM_SM3 or E013 ECC_SM4_CBC_SM3), the SM2 double
 *       certificates of {@link GmgwBenchPki}.</li>
 * </ul>
 * The gateway's CPU is its JVM's (one process: event loops, TUN, GC and JIT together). Extra JVM options for the
 * gateway or the client (a flight recording, say) come from the system properties {@code tunnel.gateway.jvm} and
 * {@code tunnel.client.jvm}, split at spaces.
 * <p>How the JVMs start, system property {@code tunnel.launcher}: {@code classpath} (the default, for the smoke test:
 * {@code java -cp <this JVM's class path> io.gmgw.cli.Gmgw}) or {@code script}, what the benchmark profile uses: the
 * checkout's {@code ./gmgw}, as users run gmgw (the launcher jar with its libraries and the start-up cache the script
 * makes once per build), the JVM options passed through {@code GMGW_JAVA_OPTS}. The set-up figure depends on it.
 */
public final class GmgwVpn implements VpnUnderTest {
    /** gmgw connect's progress line once the device is configured: group 1 the device, 3 the MTU. */
    static final Pattern TUN_UP = Pattern.compile("TUN device (\\S+) up: addresses (.+), MTU (\\d+)");
    private static final Pattern READY = Pattern.compile("^ready$");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT = 4443;
    /** The tunnel MTU ocserv gives openconnect over the topology's 1500-byte veth, TCP only (cstp.md §7). */
    static final int OCSERV_TUNNEL_MTU = 1472;
    private static final String DEVICE = "gmgwbgw0";

    private final String name;
    /** The TLCP suite the gateway offers, or null for TLS. */
    private final String tlcpSuite;
    private GmgwBenchPki pki;
    private TlsTestPki tlsPki;
    private Path dir;
    private volatile int tunnelMtu;

    /** Extra options for gmgw connect (an A/B within one run). */
    private final List<String> clientOptions;

    private GmgwVpn(String name, String tlcpSuite, List<String> clientOptions) {
        this.name = name;
        this.tlcpSuite = tlcpSuite;
        this.clientOptions = List.copyOf(clientOptions);
    }

    /** This VPN with {@code options} added to gmgw connect's arguments, named in {@link #name()}. */
    public GmgwVpn withClientOptions(List<String> options) {
        return new GmgwVpn(name + " (connect " + String.join(" ", options) + ")", tlcpSuite, options);
    }

    /** Over TLS 1.3, AES-256-GCM. */
    public static GmgwVpn tls() {
        return new GmgwVpn("gmgw gateway + gmgw connect, TLS 1.3 AES-256-GCM", null, List.of());
    }

    /** Over TLCP with {@code suite} (a GM/T 0024 name the gateway's {@code tlcp.suites} accepts). */
    public static GmgwVpn tlcp(String suite) {
        return new GmgwVpn("gmgw gateway + gmgw connect, TLCP " + suite, suite, List.of());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Server startServer(NamespaceTopology topology) throws Exception {
        dir = Files.createDirectories(topology.workDir().resolve("gmgw"));
        TopologyAddresses a = topology.addresses();
        pki = GmgwBenchPki.issue(dir.resolve("pki"), a.gatewayOuter4());
        if (tlcpSuite == null) {
            tlsPki = TlsTestPki.create(dir.resolve("tls-pki"), a.gatewayOuter4());
        }
        Path config = writeConfig(a);
        Path logs = dir.resolve("gateway-logs");
        NamespaceProcess gateway = topology.gateway().start("gmgw-gateway", gmgw("tunnel.gateway.jvm", "sslvpn",
                "run", "--config", config.toString()), Map.of("GMGW_LOG_DIR", logs.toString()), dir);
        try {
            gateway.awaitLine(READY, START_TIMEOUT);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the gmgw gateway did not start: " + e.getMessage() + "\n"
                    + gateway.transcript() + "\n--- gmgw.log ---\n" + log(logs), e);
        }
        return new GmgwServer(gateway, logs);
    }

    @Override
    public NamespaceProcess startClient(NamespaceTopology topology, Server server) {
        List<String> args = new ArrayList<>(List.of("connect", "https://" + topology.addresses().gatewayOuter4() + ":"
                + PORT + "/"));
        if (tlcpSuite == null) {
            args.addAll(List.of("--tls", "--trust", tlsPki.caCert().toString(), "--certificate",
                    tlsPki.clientCert().toString(), "--sslkey", tlsPki.clientKey().toString()));
        } else {
            Path user = pki.issued(GmgwBenchPki.USER);
            args.addAll(List.of("--trust", pki.rootCert().toString(), "--sign-key", user.resolve("sign.key.pem")
                    .toString(), "--enc-key", user.resolve("enc.key.pem").toString()));
        }
        args.addAll(List.of("--interface", "gmgwb%d"));
        args.addAll(clientOptions);
        return topology.client().start("gmgw-connect", gmgw("tunnel.client.jvm", args.toArray(String[]::new)),
                Map.of("GMGW_LOG_DIR", dir.resolve("client-logs").toString()), dir);
    }

    @Override
    public void awaitTunnel(NamespaceProcess client, Duration timeout) throws TimeoutException, InterruptedException {
        tunnelMtu = Integer.parseInt(client.awaitLine(TUN_UP, timeout).group(3));
    }

    /** The TLCP suite the gateway offers; empty for TLS. */
    public Optional<CipherSuite> tlcpSuite() {
        return Optional.ofNullable(tlcpSuite).map(CipherSuite::valueOf);
    }

    /** The MTU of the tunnel {@link #awaitTunnel} saw come up last (0 before). */
    public int tunnelMtu() {
        return tunnelMtu;
    }

    private Path writeConfig(TopologyAddresses a) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "listen:",
                "  addresses: [" + a.gatewayOuter4() + "]",
                "  port: " + PORT));
        if (tlcpSuite != null) {
            Path server = pki.issued(a.gatewayOuter4());
            lines.addAll(List.of(
                    "tlcp:",
                    "  sign-key: " + server.resolve("sign.key.pem"),
                    "  enc-key: " + server.resolve("enc.key.pem"),
                    "  suites: [" + tlcpSuite + "]",
                    "clients:",
                    "  trust: [" + pki.rootCert() + "]",
                    "  crls: " + pki.crls()));
        } else {
            lines.addAll(List.of(
                    "tlcp:",
                    "  enabled: false",
                    "tls:",
                    "  enabled: true",
                    "  key: " + tlsPki.serverKey(),
                    "  cert: " + tlsPki.serverCert(),
                    "  protocols: [TLSv1.3]",
                    "  suites: [TLS_AES_256_GCM_SHA384]",
                    "clients:",
                    "  trust: [" + tlsPki.caCert() + "]",
                    // the ECDSA test CA publishes no CRL (TlsTestPki); ocserv's anchor checks none either
                    "  revocation-check: false"));
        }
        lines.addAll(List.of(
                "groups:",
                "  " + GmgwBenchPki.GROUP + ":",
                "    ipv4-pool: users",
                "    ipv6-pool: users",
                "    routes: [" + a.insideNet4() + ", " + a.insideNet6() + "]",
                "    acl: " + pki.acl(),
                "pools:",
                "  users:",
                "    ipv4: " + a.pool4(),
                "    ipv6: " + a.pool6().replace("/48", "/64"),
                "acl:",
                "  trust: [" + pki.rootCert() + "]",
                "  crls: " + pki.crls(),
                "control:",
                "  socket: " + dir.resolve("run/gateway.sock"),
                // ocserv's anchor sets no mtu: its link is the 1500-byte veth, its tunnel 1500 - 28 (cstp.md §7);
                // gmgw's default tunnel.mtu is 1400, so the same packet size is asked for here
                "tunnel:",
                "  mtu: " + OCSERV_TUNNEL_MTU,
                "data-plane:",
                "  mode: tun",
                "  device: " + DEVICE,
                ""));
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, String.join("\n", lines));
        return config;
    }

    /** The command that runs gmgw with {@code args} (see the class comment on {@code tunnel.launcher}). */
    private static List<String> gmgw(String jvmOptionsProperty, String... args) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
        String extra = System.getProperty(jvmOptionsProperty, "").strip();
        if (!extra.isEmpty()) {
            jvm.addAll(Arrays.asList(extra.split(" +")));
        }
        List<String> c = new ArrayList<>();
        Optional<Path> script = launcherScript();
        if (script.isPresent()) {
            // env is the portable way to hand GMGW_JAVA_OPTS to a process started in a namespace
            c.addAll(List.of("env", "GMGW_JAVA_OPTS=" + String.join(" ", jvm), script.get().toString()));
        } else {
            c.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED"));
            c.addAll(jvm);
            c.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.gmgw.cli.Gmgw"));
        }
        c.addAll(List.of(args));
        return c;
    }

    /** The checkout's ./gmgw when {@code tunnel.launcher=script}; empty for {@code classpath}. */
    static Optional<Path> launcherScript() {
        String launcher = System.getProperty("tunnel.launcher", "classpath");
        switch (launcher) {
            case "classpath" -> {
                return Optional.empty();
            }
            case "script" -> {
                for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
                    Path script = d.resolve("gmgw");
                    if (Files.isExecutable(script) && Files.isDirectory(d.resolve("appliance-image"))) {
                        return Optional.of(script);
                    }
                }
                throw new IllegalStateException("tunnel.launcher=script: no ./gmgw of a gmgw checkout above "
                        + Path.of("").toAbsolutePath());
            }
            default -> throw new IllegalArgumentException("tunnel.launcher is classpath or script, not '" + launcher
                    + "'");
        }
    }

    private static String log(Path logs) {
        try {
            Path log = logs.resolve("gmgw.log");
            return Files.exists(log) ? Files.readString(log) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private record GmgwServer(NamespaceProcess gateway, Path logs) implements Server {
        @Override
        public List<Long> pids() {
            return List.of(gateway.pid());
        }

        @Override
        public String transcript() {
            return gateway.transcript() + "\n--- gmgw.log ---\n" + log(logs);
        }

        @Override
        public void close() {
            gateway.close();
        }
    }
}
