package io.gmgw.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.testing.SystemPeers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The namespace proof against gmgw's gateway: {@code gmgw sslvpn run} with TLCP and TLS on one port and
 * {@code data-plane.mode: tun} in the gateway namespace, one gateway for the whole class (set up by {@link GmgwSite}),
 * and its clients in the client namespace, each test leaving no session behind:
 * <ul>
 *   <li>{@code gmgw connect} over TLCP with alice's keys in the soft smart key, TUN on both ends: pings of both
 *       families, 100 MiB over TCP to the inside host with equal SM3, an address the ACL denies dropped with its
 *       {@code policy.drop} record;</li>
 *   <li>stock openconnect 9.01 over TLS with certificate login, TUN mode: pings and 100 MiB with equal SM3;</li>
 *   <li>a tampered group ACL keeps a second gateway from starting (exit 1 naming the file, nothing listening);</li>
 *   <li>a revoked user is refused with certificate_revoked, which the client reports, and a failed handshake
 *       record;</li>
 *   <li>a client whose host vanishes is ended by DPD and its address comes back when its login expires;</li>
 *   <li>pulling the smart key out ends the session on both sides.</li>
 * </ul>
 * Needs root, iproute2, /dev/net/tun, python3, openconnect and the soft smart key: skipped on a laptop without them,
 * failed under CI=true.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class GmgwGatewayTunTest {
    private static final Duration UP = GmgwGateway.UP;
    private static final int TRANSFER_BYTES = 100 << 20;
    private static final String GATEWAY_DEVICE = "gmgwgw0";
    private static final Pattern TUN_UP = Pattern.compile("TUN device (\\S+) up: addresses (.+), MTU (\\d+)");

    private Path dir;
    private NamespaceTopology topology;
    private GmgwSite site;
    private TopologyPrograms programs;
    private GmgwGateway gateway;
    private String gatewayBefore;
    /** Clients and receivers a test started: stopped after it, whatever it did. */
    private final List<NamespaceProcess> started = new ArrayList<>();

    @BeforeAll
    void startTheGateway(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        SystemPeers.require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing: TUN mode needs it");
        SystemPeers.requireProgram("openconnect", OpenConnect.INSTALL);
        topology = NamespaceTopology.create(dir);
        TopologyAddresses a = topology.addresses();
        site = GmgwSite.create(dir, a);
        programs = TopologyPrograms.install(dir);
        topology.inside().runChecked("ip", "addr", "add", GmgwSite.DENIED + "/24", "dev", "in0");
        gatewayBefore = GmgwClientTunTest.networkState(topology.gateway());
        Path config = site.writeConfig("gateway", GmgwSite.PORT, site.acl(), GATEWAY_DEVICE);
        gateway = GmgwGateway.start(topology, config, site.controlSocket("gateway"), dir.resolve("gateway-logs"));
        assertTrue(topology.gateway().runChecked("ip", "-o", "addr", "show", "dev", GATEWAY_DEVICE)
                .contains(a.poolGateway4() + "/24"), "the gateway's TUN device is in its namespace with the pool's "
                + "first address\n" + gateway.process().transcript());
    }

    @AfterAll
    void stopTheGateway() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
                assertEquals(gatewayBefore, GmgwClientTunTest.networkState(topology.gateway()),
                        "the gateway's TUN device is gone\n" + gateway.process().transcript());
            }
        } finally {
            if (topology != null) {
                topology.close();
            }
        }
    }

    /**
     * Stops what the test left running, then waits until the gateway has ended every session (a failed test must not
     * leave the next one a session it does not expect).
     */
    @AfterEach
    void stopTheClients() throws Exception {
        for (NamespaceProcess p : started.reversed()) {
            p.close();
        }
        started.clear();
        for (JsonNode s : gateway.sessions()) {
            String id = s.get("id").asString();
            gateway.awaitAudit(r -> GmgwGateway.is(r, "sslvpn.session-end", "success")
                    && r.path("correlation").path("session").asString("").equals(id), "session-end of " + id, UP);
        }
    }

    @Test
    void tlcpWithTheSmartKeyCarries100MiBIntactAndTheAclDropsWhatItDenies() throws Exception {
        TopologyAddresses a = topology.addresses();
        Transfer transfer = Transfer.listen(topology, programs, dir.resolve("smart-key"), TRANSFER_BYTES);
        track(transfer.receiver());
        String clientBefore = GmgwClientTunTest.networkState(topology.client());
        NamespaceProcess client = track(topology.client().start("gmgw-connect-smart-key",
                site.connect(site.smartKeyOptions()), clientEnvironment("smart-key"), dir));
        Matcher up = awaitTun(client);
        String tun = up.group(1);
        String context = context(client);
        assertTrue(client.transcript().contains("TLCP"), "the client spoke TLCP" + context);
        assertTrue(up.group(2).startsWith("10.71.3.") && up.group(2).contains("fd71:3:"),
                "addresses of both families from the gateway's pool" + context);
        assertTrue(topology.client().runChecked("ip", "route", "get", a.inside4()).contains("dev " + tun),
                "the group's route into the tunnel" + context);
        JsonNode session = onlySession(GmgwSite.ALICE, context);
        assertEquals("TLCP", session.get("protocol").asString(), context);
        pingInside(client);

        // the denied address: routed into the tunnel by the group's /24, dropped by the gateway's ACL
        CommandResult denied = topology.client().run(Duration.ofSeconds(20), Map.of(), List.of(python(), "-c",
                "import socket,sys\ntry:\n socket.create_connection(('" + GmgwSite.DENIED + "', "
                        + GmgwSite.TRANSFER_PORT + "), timeout=3)\n print('connected')\nexcept OSError as e:\n"
                        + " print('refused:', e)\n sys.exit(1)\n"));
        assertFalse(denied.ok(), "no connection to " + GmgwSite.DENIED + ": " + denied.describe() + context);
        JsonNode drop = gateway.awaitAudit(r -> GmgwGateway.is(r, "policy.drop", "failure")
                && r.path("subject").asString("").equals(GmgwSite.ALICE), "policy.drop of alice", UP);
        assertTrue(drop.get("object").asString().contains("> " + GmgwSite.DENIED + ":" + GmgwSite.TRANSFER_PORT)
                && drop.toString().contains("vpn-" + GmgwSite.GROUP), "the drop names the 5-tuple and the list\n"
                + drop);
        assertTrue(onlySession(GmgwSite.ALICE, context).get("fromClient").get("drops").asLong() >= 1,
                "the session counts the drop" + context);

        long millis = transfer.send(a.inside4(), tun, context);
        System.out.printf("GmgwGatewayTunTest: %d MiB client -> inside over TLCP (smart key) in %d ms%n",
                TRANSFER_BYTES >> 20, millis);
        assertTrue(onlySession(GmgwSite.ALICE, context).get("fromClient").get("bytes").asLong() >= TRANSFER_BYTES,
                "the gateway counted the transfer" + context);

        assertTrue(ProcessHandle.of(client.pid()).orElseThrow().destroy(), "SIGTERM to the client");
        assertEquals(143, client.awaitExit(Duration.ofSeconds(15)), client.transcript());
        assertEquals(clientBefore, GmgwClientTunTest.networkState(topology.client()),
                "the client namespace is as before\n" + client.transcript());
        awaitSessionEnd(GmgwSite.ALICE, "logout", session.get("id").asString());
    }

    @Test
    void openconnectOverTlsInTunModeCarriesPingsAnd100MiBIntact() throws Exception {
        TopologyAddresses a = topology.addresses();
        Transfer transfer = Transfer.listen(topology, programs, dir.resolve("openconnect"), TRANSFER_BYTES);
        track(transfer.receiver());
        NamespaceProcess client = track(OpenConnect.startTun(topology, site.tls(), "https://" + a.gatewayOuter4()
                + ":" + GmgwSite.PORT + "/", programs));
        Matcher configured;
        try {
            configured = client.awaitLine(OpenConnect.TUN_CONFIGURED, UP);
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage() + gatewaySide(), e);
        }
        String tun = configured.group(1);
        String context = context(client);
        assertTrue(configured.group(2).startsWith("10.71.3."), "an address from the gateway's pool" + context);
        JsonNode session = onlySession(TlsTestPki.USER, context);
        assertTrue(session.get("protocol").asString().startsWith("TLSv1."), "openconnect came over TLS" + context);
        pingInside(client);

        long millis = transfer.send(a.inside4(), tun, context);
        System.out.printf("GmgwGatewayTunTest: %d MiB client -> inside from openconnect over %s in %d ms%n",
                TRANSFER_BYTES >> 20, session.get("protocol").asString(), millis);

        // SIGTERM: openconnect logs off (BYE) before it exits
        assertTrue(ProcessHandle.of(client.pid()).orElseThrow().destroy(), "SIGTERM to openconnect");
        client.awaitExit(Duration.ofSeconds(15));
        awaitSessionEnd(TlsTestPki.USER, "logout", session.get("id").asString());
    }

    @Test
    void aTamperedGroupAclKeepsTheGatewayFromStarting() throws Exception {
        Path acl = dir.resolve("tampered.cisco-ios.cfg");
        Files.copy(site.acl(), acl);
        Files.copy(Path.of(site.acl() + ".p7s"), Path.of(acl + ".p7s"), StandardCopyOption.REPLACE_EXISTING);
        // one more permit after signing: what an intruder with write access to the file would add
        Files.writeString(acl, Files.readString(acl).replace(" deny ip any any\n",
                " permit ip any any\n deny ip any any\n"));
        int port = GmgwSite.PORT + 1;
        Path config = site.writeConfig("tampered", port, acl, "gmgwbad0");
        Path logs = dir.resolve("tampered-logs");
        CommandResult r = topology.gateway().run(Duration.ofSeconds(60), Map.of("GMGW_LOG_DIR", logs.toString()),
                GmgwGateway.command("sslvpn", "run", "--config", config.toString()));
        assertEquals(1, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains(acl.toString()), "the error names the file\n" + r.describe());
        assertFalse(r.stdout().contains("ready"), r.describe());
        assertEquals("", topology.gateway().runChecked("ss", "-Hltn", "sport", "=", ":" + port).strip(),
                "nothing listens on " + port);
        assertFalse(topology.gateway().run("ip", "link", "show", "dev", "gmgwbad0").ok(), "no TUN device made");
        assertTrue(FileLines.lines(logs.resolve("audit.log")).stream().anyMatch(l -> l.contains("\"policy.load\"")
                && l.contains("\"failure\"") && l.contains(acl.toString())), "a failed policy.load record\n"
                + FileLines.tail(logs.resolve("audit.log")));
        assertTrue(gateway.process().isAlive(), "the running gateway goes on");
    }

    @Test
    void aRevokedUserIsRefusedWithCertificateRevoked() throws Exception {
        CommandResult r = topology.client().run(Duration.ofSeconds(60), clientEnvironment("revoked"),
                site.connect(site.keyFileOptions(GmgwSite.BOB)));
        // exit 2: a certificate refused (docs/exit-codes.md), here the user's own, by the gateway's fatal alert
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.stderr().contains("the peer sent the fatal alert certificate_revoked(44)"),
                "the client says why\n" + r.describe());
        assertFalse(r.stderr().contains("TUN device"), "no tunnel came up\n" + r.describe());
        JsonNode refused = gateway.awaitAudit(x -> GmgwGateway.is(x, "tlcp.handshake", "failure")
                && x.toString().contains("CN=" + GmgwSite.BOB), "failed handshake of bob", UP);
        assertTrue(refused.toString().contains("certificate_revoked"), refused.toString());
        assertTrue(gateway.sessions().isEmpty(), "no session");
    }

    @Test
    void dpdEndsTheSessionOfAClientWhoseHostVanished() throws Exception {
        Namespace host = topology.addClientHost("gone", 4);
        NamespaceProcess client = track(host.start("gmgw-connect-vanishing", site.connect(site.keyFileOptions(
                GmgwSite.CAROL)), clientEnvironment("vanishing"), dir));
        awaitTun(client);
        JsonNode session = onlySession(GmgwSite.CAROL, context(client));
        String address = session.get("addressV4").asString();
        assertEquals(1, gateway.addressesInUse(), "carol's address is leased");

        topology.removeHost(host);
        // no FIN or RST ever came: only the gateway's own liveness check can end it
        awaitSessionEnd(GmgwSite.CAROL, "dpd-timeout", session.get("id").asString());
        // a DPD timeout keeps the login for the reconnect window; its address comes back when that closes
        String expired = gateway.awaitLog("login of '" + GmgwSite.CAROL + "'", UP);
        assertTrue(expired.contains("expired: addresses " + address + "/"), expired);
        assertEquals(0, gateway.addressesInUse(), "the address is back in the pool");
    }

    @Test
    void pullingTheSmartKeyEndsTheSessionOnBothSides() throws Exception {
        String clientBefore = GmgwClientTunTest.networkState(topology.client());
        NamespaceProcess client = track(topology.client().start("gmgw-connect-token", site.connect(
                site.smartKeyOptions()), clientEnvironment("token"), dir));
        awaitTun(client);
        JsonNode session = onlySession(GmgwSite.ALICE, context(client));
        try {
            Files.writeString(site.tokenRemovedFile(), ""); // the soft smart key's "pulled out"
            assertEquals(69, client.awaitExit(Duration.ofSeconds(30)), "the documented exit: the session ended"
                    + context(client));
        } finally {
            Files.deleteIfExists(site.tokenRemovedFile());
        }
        assertTrue(client.transcript().contains("the smart key was removed"), context(client));
        assertEquals(clientBefore, GmgwClientTunTest.networkState(topology.client()),
                "the client removed its device\n" + client.transcript());
        // the client's BYE (DISCONNECT 0xB0 and its reason) is a logout: the login ends with the tunnel
        JsonNode end = awaitSessionEnd(GmgwSite.ALICE, "logout", session.get("id").asString());
        assertTrue(end.get("reason").asString().startsWith("the client logged out (DISCONNECT 0xB0): the smart key "
                + "was removed (token '" + GmgwSite.ALICE + "'"), "the gateway's record says why\n" + end);
        assertEquals(0, gateway.addressesInUse(), "the address is back in the pool at once (a logout)");
    }

    /**
     * Waits for the session's {@code sslvpn.session-end} record; then the control socket no longer lists it (the
     * gateway forgets the session before it writes the record).
     */
    private JsonNode awaitSessionEnd(String user, String reason, String id) throws Exception {
        JsonNode end = gateway.awaitAudit(r -> GmgwGateway.is(r, "sslvpn.session-end", "success")
                && r.path("correlation").path("session").asString("").equals(id), "session-end of " + id, UP);
        assertEquals(user, end.get("details").get("user").asString(), end.toString());
        assertEquals(reason, end.get("details").get("reason").asString(), end.toString());
        assertTrue(gateway.sessions().stream().noneMatch(s -> s.get("id").asString().equals(id)),
                "gmgw sessions list no longer shows " + id);
        return end;
    }

    private JsonNode onlySession(String user, String context) {
        List<JsonNode> sessions = gateway.sessions();
        assertEquals(1, sessions.size(), sessions + context);
        assertEquals(user, sessions.getFirst().get("user").asString(), sessions + context);
        return sessions.getFirst();
    }

    private void pingInside(NamespaceProcess client) {
        TopologyAddresses a = topology.addresses();
        for (String target : List.of(a.inside4(), a.inside6())) {
            CommandResult ping = topology.client().run(Duration.ofSeconds(20), Map.of(), List.of(python(),
                    programs.path(TopologyPrograms.ICMP_PROBE).toString(), target, "3", "20", "10"));
            assertTrue(ping.ok(), "echo through the tunnel to " + target + ": " + ping.describe() + context(client));
        }
    }

    private Matcher awaitTun(NamespaceProcess client) throws InterruptedException {
        try {
            return client.awaitLine(TUN_UP, UP);
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage() + gatewaySide(), e);
        }
    }

    private NamespaceProcess track(NamespaceProcess p) {
        started.add(p);
        return p;
    }

    private Map<String, String> clientEnvironment(String name) {
        Map<String, String> env = new java.util.HashMap<>(site.softKeyEnvironment());
        env.put("GMGW_LOG_DIR", dir.resolve("client-logs-" + name).toString());
        return env;
    }

    private String python() {
        return programs.python().toString();
    }

    private String context(NamespaceProcess client) {
        return "\n--- " + client.label() + " ---\n" + client.transcript() + gatewaySide();
    }

    private String gatewaySide() {
        try {
            return "\n--- gateway ---\n" + gateway.process().transcript() + "\n--- gmgw.log ---\n"
                    + FileLines.tail(gateway.log());
        } catch (IOException e) {
            return "\n(gmgw.log unreadable: " + e + ")";
        }
    }

    /** A TCP receiver in the inside namespace and the random file to send it, with its SM3. */
    private record Transfer(NamespaceTopology topology, TopologyPrograms programs, Path sent, Path received,
            byte[] digest, NamespaceProcess receiver, int bytes) {
        static Transfer listen(NamespaceTopology topology, TopologyPrograms programs, Path dir, int bytes)
                throws Exception {
            Files.createDirectories(dir);
            Path sent = dir.resolve("sent.bin");
            Path received = dir.resolve("received.bin");
            byte[] digest = OcservAnchorTest.writeRandomFile(sent, bytes);
            NamespaceProcess receiver = topology.inside().start("tcp-receive", programs.python().toString(),
                    programs.path(TopologyPrograms.TCP_TRANSFER).toString(), "receive",
                    Integer.toString(GmgwSite.TRANSFER_PORT), received.toString());
            receiver.awaitLine(Pattern.compile("tcp-transfer: listening"), UP);
            return new Transfer(topology, programs, sent, received, digest, receiver, bytes);
        }

        /** Sends the file from the client namespace through {@code tun}; the time it took, in ms. */
        long send(String target, String tun, String context) throws Exception {
            long tunBytesBefore = OcservAnchorTest.txBytes(topology.client(), tun);
            long started = System.nanoTime();
            CommandResult send = topology.client().run(Duration.ofSeconds(150), Map.of(), List.of(
                    programs.python().toString(), programs.path(TopologyPrograms.TCP_TRANSFER).toString(), "send",
                    target, Integer.toString(GmgwSite.TRANSFER_PORT), sent.toString()));
            assertTrue(send.ok(), send.describe() + context);
            assertEquals(0, receiver.awaitExit(Duration.ofSeconds(30)), receiver.transcript());
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertEquals(bytes, Files.size(received));
            assertArrayEquals(digest, OcservAnchorTest.sm3(received), "SM3 of the bytes received inside");
            assertTrue(OcservAnchorTest.txBytes(topology.client(), tun) - tunBytesBefore >= bytes,
                    "the transfer went through " + tun + context);
            Files.delete(sent);
            Files.delete(received);
            return millis;
        }
    }
}
