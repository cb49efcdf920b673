package io.gmgw.sslvpn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.AuditEvent;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.config.GatewayConfigLoader;
import io.gmgw.gateway.control.ControlClient;
import io.gmgw.gateway.control.GatewayStatus;
import io.gmgw.gateway.control.SessionView;
import io.gmgw.sslvpn.testing.PlaintextReads;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled gateway from a configuration file, in responder mode on 127.0.0.1 with a PKI made by the CA library
 * and a signed group ACL: a TLCP user logs in, opens the tunnel and pings the gateway's tunnel address through the
 * responder (the group's ACL permits it both ways); the control socket shows the session; a tampered ACL stops the
 * start naming the file; a CRL reload that revokes a connected user ends that session, and the user's next handshake
 * is refused with certificate_revoked.
 */
class SslVpnServerTest {
    private static final InetAddress GATEWAY = InetAddress.ofLiteral("192.168.99.1");

    @TempDir
    Path dir;

    private SslVpnServer start(GatewayTestSite site) throws Exception {
        return SslVpnServer.start(GatewayConfigLoader.load(site.config),
                new SslVpnServer.Environment(site.module, site.audit, "9.9-test", 1));
    }

    @Test
    void aUserPingsTheGatewayThroughTheResponderAndTheControlSocketShowsTheSession() throws Exception {
        CryptoModule module = TestModules.deterministic("sslvpn-server");
        GatewayTestSite site = new GatewayTestSite(dir, module, "alice");
        try (SslVpnServer server = start(site);
                TlcpVpnClient alice = new TlcpVpnClient(module, site.client("alice"), site.serverVerifier())) {
            int port = server.boundAddresses().getFirst().getPort();
            assertEquals(List.of("127.0.0.1:" + port), server.listenerAddresses());
            assertTrue(server.dataPlaneDescription().startsWith("responder"), server.dataPlaneDescription());
            TlcpVpnClient.Tunnel tunnel = alice.open(port, alice.login(port));
            InetAddress mine = InetAddress.ofLiteral(header(tunnel.reply(), "X-CSTP-Address"));

            byte[] data = "gmgw assembled".getBytes(StandardCharsets.US_ASCII);
            tunnel.send(TlcpVpnClient.ping(mine, GATEWAY, 0x4d47, 1, data));
            byte[] reply = tunnel.receive();
            assertEquals(0, reply[20], "ICMP echo reply");
            assertArrayEquals(GATEWAY.getAddress(), java.util.Arrays.copyOfRange(reply, 12, 16));
            assertArrayEquals(mine.getAddress(), java.util.Arrays.copyOfRange(reply, 16, 20));
            assertArrayEquals(data, java.util.Arrays.copyOfRange(reply, 28, reply.length));

            try (ControlClient control = ControlClient.connect(server.controlSocket(), Duration.ofSeconds(5), "test")) {
                GatewayStatus status = control.status();
                assertEquals(1, status.sessions());
                assertEquals("9.9-test", status.version());
                assertEquals(List.of(new GatewayStatus.Listener("sslvpn", "127.0.0.1:" + port)), status.listeners());
                assertEquals(1, status.pools().getFirst().used());
                SessionView s = control.sessions().getFirst();
                assertEquals("alice", s.user());
                assertEquals("staff", s.group());
                assertEquals(mine.getHostAddress(), s.addressV4());
                assertTrue(s.protocol().startsWith("TLCP"), s.protocol());
                assertEquals(1, s.fromClient().packets());
                assertEquals(1, s.toClient().packets());
            }
            tunnel.logout();
            tunnel.reads().closed.get(20, TimeUnit.SECONDS);
        }
        assertTrue(events(site, "policy.load").getFirst().outcome().name().equals("SUCCESS"));
        assertEquals("logout", events(site, "sslvpn.session-end").getFirst().details().get("reason"));
        assertFalse(Files.exists(dir.resolve("gw.sock")), "the control socket goes with the gateway");
    }

    @Test
    void aTamperedGroupAclStopsTheStartNamingTheFile() throws Exception {
        CryptoModule module = TestModules.deterministic("sslvpn-server-acl");
        GatewayTestSite site = new GatewayTestSite(dir, module);
        Files.writeString(site.acl, GatewayTestSite.ACL.replace("deny ip any any", "permit ip any any"));
        GatewayException e = assertThrows(GatewayException.class, () -> start(site));
        assertEquals(GatewayException.Kind.POLICY, e.kind());
        assertTrue(e.getMessage().contains(site.acl.toString()), e.getMessage());
        assertFalse(Files.exists(dir.resolve("gw.sock")));
        assertEquals("FAILURE", events(site, "policy.load").getLast().outcome().name());
    }

    @Test
    void aCrlReloadEndsTheSessionOfARevokedUserWhoseNextHandshakeIsRefused() throws Exception {
        CryptoModule module = TestModules.deterministic("sslvpn-server-crl");
        GatewayTestSite site = new GatewayTestSite(dir, module, "alice", "bob");
        try (SslVpnServer server = start(site);
                TlcpVpnClient alice = new TlcpVpnClient(module, site.client("alice"), site.serverVerifier());
                TlcpVpnClient bob = new TlcpVpnClient(module, site.client("bob"), site.serverVerifier())) {
            int port = server.boundAddresses().getFirst().getPort();
            TlcpVpnClient.Tunnel a = alice.open(port, alice.login(port));
            TlcpVpnClient.Tunnel b = bob.open(port, bob.login(port));
            assertEquals(List.of(), server.reloadCrls(), "nothing changed yet");

            site.revoke("alice");
            List<String> ended = server.reloadCrls();
            assertEquals(1, ended.size());
            a.reads().closed.get(20, TimeUnit.SECONDS);
            assertEquals(1, server.gateway().sessions().list().size(), "bob's session goes on");
            assertEquals("bob", server.gateway().sessions().list().getFirst().user());

            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> alice.connect(port, new PlaintextReads()));
            assertTrue(String.valueOf(refused.getCause()).contains("certificate_revoked"),
                    String.valueOf(refused.getCause()));
            b.logout();
            b.reads().closed.get(20, TimeUnit.SECONDS);
        }
        AuditEvent end = events(site, "sslvpn.session-end").stream()
                .filter(e -> "certificate-revoked".equals(e.details().get("reason"))).findFirst().orElseThrow();
        assertTrue(end.subject().contains("alice") || String.valueOf(end.details()).contains("alice"),
                end.toString());
    }

    private static List<AuditEvent> events(GatewayTestSite site, String type) {
        return site.events.stream().filter(e -> e.event().equals(type)).toList();
    }

    private static String header(String reply, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + ": ([^\r\n]*)").matcher(reply);
        assertTrue(m.find(), reply);
        return m.group(1);
    }
}
