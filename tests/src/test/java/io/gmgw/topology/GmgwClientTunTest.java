package io.gmgw.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.testing.SystemPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gmgw connect --tls} in TUN mode, as its own process (java, the test classpath, {@code io.gmgw.cli.Gmgw}) in
 * the client namespace, against ocserv 1.1.6 in the gateway namespace: the device gets the address, MTU and routes of
 * ocserv's reply; the inside host answers pings of both families through it and receives 20 MiB intact over TCP; on
 * SIGTERM the client logs off and the client namespace's links, addresses and routes are exactly as before. The same
 * steps as {@link OcservAnchorTest}'s openconnect in TUN mode, with gmgw as the client. Needs root, iproute2,
 * /dev/net/tun, ocserv and python3: skipped on a laptop without them, failed under CI=true.
 */
@Timeout(120)
class GmgwClientTunTest {
    private static final Duration UP = Duration.ofSeconds(60);
    private static final int TRANSFER_BYTES = 20 << 20;
    private static final int TRANSFER_PORT = 5002;
    /** TunPackets' progress line once the device is configured: group 1 the device, 2 its addresses. */
    private static final Pattern TUN_UP = Pattern.compile("TUN device (\\S+) up: addresses (.+), MTU (\\d+)");
    private static final Pattern REMOVED = Pattern.compile("TUN device (\\S+) removed with its addresses and routes");

    @TempDir
    Path dir;

    @Test
    void tunModeCarriesPingsAnd20MiBThroughOcservAndRestoresTheClientOnExit() throws Exception {
        SystemPeers.require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing: TUN mode needs it");
        try (NamespaceTopology topology = NamespaceTopology.create(dir)) {
            TopologyAddresses a = topology.addresses();
            TlsTestPki pki = TlsTestPki.create(dir.resolve("pki"), a.gatewayOuter4());
            TopologyPrograms programs = TopologyPrograms.install(dir);
            String python = programs.python().toString();
            String transfer = programs.path(TopologyPrograms.TCP_TRANSFER).toString();
            Path sent = dir.resolve("sent.bin");
            Path received = dir.resolve("received.bin");
            byte[] digest = OcservAnchorTest.writeRandomFile(sent, TRANSFER_BYTES);
            NamespaceProcess receiver = topology.inside().start("tcp-receive", python, transfer, "receive",
                    Integer.toString(TRANSFER_PORT), received.toString());
            receiver.awaitLine(Pattern.compile("tcp-transfer: listening"), UP);
            Ocserv ocserv = Ocserv.start(topology, pki);
            String before = networkState(topology.client());

            NamespaceProcess client = startClient(topology, pki, ocserv);
            Matcher up = await(client, TUN_UP, ocserv);
            String tun = up.group(1);
            String context = "\n--- gmgw connect ---\n" + client.transcript();
            assertTrue(tun.matches("gmgwt\\d+"), "the kernel numbered --interface gmgwt%d" + context);
            assertTrue(up.group(2).matches("10\\.71\\.3\\.\\d+/24, fd71:3:[0-9a-f:]+/64"),
                    "ocserv's addresses from its pools" + context);
            Matcher reply = Pattern.compile("tunnel up over .*, MTU (\\d+)").matcher(client.transcript());
            assertTrue(reply.find(), context);
            assertEquals(reply.group(1), up.group(3), "the MTU of ocserv's reply (cstp.md §4)" + context);
            assertTrue(topology.client().runChecked("ip", "-o", "link", "show", "dev", tun).contains(" mtu "
                    + up.group(3) + " "), "the device has that MTU" + context);
            assertTrue(topology.client().runChecked("ip", "route", "get", a.inside4()).contains("dev " + tun),
                    "the inside network is routed into " + tun + context);
            assertTrue(topology.client().runChecked("ip", "-6", "route", "get", a.inside6()).contains("dev " + tun),
                    "the inside IPv6 network is routed into " + tun + context);
            assertTrue(topology.client().runChecked("ip", "route", "get", a.gatewayOuter4()).contains("dev cli0"),
                    "ocserv itself stays outside the tunnel (split include only)" + context);

            for (String target : List.of(a.inside4(), a.inside6())) {
                CommandResult ping = topology.client().run(Duration.ofSeconds(20), Map.of(), List.of(python,
                        programs.path(TopologyPrograms.ICMP_PROBE).toString(), target, "3", "20", "10"));
                assertTrue(ping.ok(), "echo through the tunnel to " + target + ": " + ping.describe()
                        + "\n--- gmgw connect ---\n" + client.transcript());
            }

            long tunBytesBefore = OcservAnchorTest.txBytes(topology.client(), tun);
            CommandResult send = topology.client().run(Duration.ofSeconds(60), Map.of(), List.of(python, transfer,
                    "send", a.inside4(), Integer.toString(TRANSFER_PORT), sent.toString()));
            assertTrue(send.ok(), send.describe() + "\n--- gmgw connect ---\n" + client.transcript());
            assertEquals(0, receiver.awaitExit(Duration.ofSeconds(30)), receiver.transcript());
            assertEquals(TRANSFER_BYTES, Files.size(received));
            assertArrayEquals(digest, OcservAnchorTest.sm3(received), "SM3 of the bytes received inside");
            assertTrue(OcservAnchorTest.txBytes(topology.client(), tun) - tunBytesBefore >= TRANSFER_BYTES,
                    "the transfer went through " + tun);

            // SIGTERM: BYE to ocserv, the device and its routes go, the JVM ends with SIGTERM's status
            // (a signal through ProcessHandle: Process.destroy would close the pipe and lose what the client says)
            assertTrue(ProcessHandle.of(client.pid()).orElseThrow().destroy(), "SIGTERM sent");
            int exit = client.awaitExit(Duration.ofSeconds(15));
            String transcript = client.transcript() + "\n--- gmgw's log ---\n" + logs(dir.resolve("gmgw-logs"));
            assertEquals(143, exit, transcript);
            Matcher removed = REMOVED.matcher(transcript);
            assertTrue(removed.find() && removed.group(1).equals(tun), "the device was removed\n" + transcript);
            assertEquals(before, networkState(topology.client()), "the client namespace is as before\n" + transcript);
        }
    }

    @Test
    void aFullTunnelKeepsTheServerOutsideAndRemovesThatRouteOnExit() throws Exception {
        SystemPeers.require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing: TUN mode needs it");
        try (NamespaceTopology topology = NamespaceTopology.create(dir)) {
            TopologyAddresses a = topology.addresses();
            TlsTestPki pki = TlsTestPki.create(dir.resolve("pki"), a.gatewayOuter4());
            TopologyPrograms programs = TopologyPrograms.install(dir);
            Ocserv ocserv = Ocserv.startFullTunnel(topology, pki);
            String before = networkState(topology.client());

            NamespaceProcess client = startClient(topology, pki, ocserv);
            String tun = await(client, TUN_UP, ocserv).group(1);
            Matcher pinned = await(client, Pattern.compile("the VPN server stays outside the tunnel: route (.+) \\("),
                    ocserv);
            String context = "\n--- gmgw connect ---\n" + client.transcript();
            assertEquals(a.gatewayOuter4() + "/32 dev cli0", pinned.group(1), context);
            Namespace ns = topology.client();
            assertTrue(ns.runChecked("ip", "route", "show", "0.0.0.0/1").contains("dev " + tun), context);
            assertTrue(ns.runChecked("ip", "route", "show", "128.0.0.0/1").contains("dev " + tun), context);
            assertTrue(ns.runChecked("ip", "-6", "route", "show", "::/1").contains("dev " + tun), context);
            assertTrue(ns.runChecked("ip", "route", "get", a.gatewayOuter4()).contains("dev cli0"),
                    "the tunnel's own connection stays outside" + context);
            for (String target : List.of(a.inside4(), a.inside6())) {
                CommandResult ping = ns.run(Duration.ofSeconds(20), Map.of(), List.of(programs.python().toString(),
                        programs.path(TopologyPrograms.ICMP_PROBE).toString(), target, "3", "20", "10"));
                assertTrue(ping.ok(), "echo through the full tunnel to " + target + ": " + ping.describe()
                        + "\n--- gmgw connect ---\n" + client.transcript());
            }

            assertTrue(ProcessHandle.of(client.pid()).orElseThrow().destroy(), "SIGTERM sent");
            assertEquals(143, client.awaitExit(Duration.ofSeconds(15)), client.transcript());
            assertTrue(client.transcript().contains("removed with its addresses and routes, route " + pinned.group(1)
                    + " deleted"), client.transcript());
            assertEquals(before, networkState(ns), "the pinned route is gone too\n" + client.transcript());
        }
    }

    @Test
    void withoutCapNetAdminTheClientStopsBeforeConnectingAndSaysWhatToDo() throws Exception {
        SystemPeers.require("0".equals(Commands.run(Duration.ofSeconds(10), "id", "-u").stdout().strip()),
                "dropping a capability from the bounding set needs root");
        Path setpriv = SystemPeers.requireProgram("setpriv", "install Debian package util-linux");
        List<String> command = new ArrayList<>(List.of(setpriv.toString(), "--bounding-set", "-net_admin",
                "--inh-caps", "-all"));
        // a gateway nobody runs: the check comes first, so nothing is connected to
        command.addAll(gmgw("connect", "https://192.0.2.1:4443/", "--tls", "--trust", "/dev/null"));
        CommandResult r = Commands.run(command, Map.of("GMGW_LOG_DIR", dir.resolve("logs").toString()),
                Duration.ofSeconds(60));
        assertEquals(77, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("needs root or CAP_NET_ADMIN"), r.describe());
        assertTrue(r.stderr().contains("--script-tun --script CMD") && r.stderr().contains("--ping ADDR"),
                r.describe());
        assertTrue(!r.stderr().contains("connecting to"), "nothing was connected to\n" + r.describe());
    }

    private NamespaceProcess startClient(NamespaceTopology topology, TlsTestPki pki, Ocserv ocserv) {
        return topology.client().start("gmgw-connect", gmgw("connect", ocserv.url(), "--tls", "--trust",
                pki.caCert().toString(), "--certificate", pki.clientCert().toString(), "--sslkey",
                pki.clientKey().toString(), "--interface", "gmgwt%d"),
                Map.of("GMGW_LOG_DIR", dir.resolve("gmgw-logs").toString()), dir);
    }

    /** {@code java -cp <this test's classpath> io.gmgw.cli.Gmgw ARGS}: the command as a process of its own. */
    static List<String> gmgw(String... args) {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.gmgw.cli.Gmgw"));
        c.addAll(List.of(args));
        return c;
    }

    /**
     * Links, addresses and routes of both families: what a client must leave as it found it. Without the link-local
     * (fe80::) lines: cli0's own link-local address finishes duplicate address detection at the kernel's pace, a
     * second or two after the topology is up, and its flags and local route change then, whatever the client does.
     */
    static String networkState(Namespace ns) {
        StringBuilder b = new StringBuilder();
        for (List<String> command : List.of(List.of("ip", "-o", "link", "show"), List.of("ip", "-o", "addr", "show"),
                List.of("ip", "-4", "route", "show", "table", "all"), List.of("ip", "-6", "route", "show", "table",
                        "all"), List.of("ip", "rule", "show"))) {
            b.append("$ ").append(String.join(" ", command)).append('\n');
            ns.runChecked(command.toArray(String[]::new)).lines().filter(l -> !l.contains("fe80:"))
                    .forEach(l -> b.append(l).append('\n'));
        }
        return b.toString();
    }

    /** The client's log files (gmgw.log and the audit log), for failure messages. */
    private static String logs(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                b.append("[").append(f.getFileName()).append("]\n").append(Files.readString(f));
            }
        }
        return b.toString();
    }

    private static Matcher await(NamespaceProcess client, Pattern line, Ocserv ocserv) throws InterruptedException {
        try {
            return client.awaitLine(line, UP);
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n--- ocserv ---\n" + ocserv.process().transcript(), e);
        }
    }
}
