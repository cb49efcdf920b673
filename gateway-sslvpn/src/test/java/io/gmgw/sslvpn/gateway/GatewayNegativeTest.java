package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.cstp.CstpFrameType;
import io.gmgw.sslvpn.gateway.GatewayHarness.Conn;
import io.gmgw.sslvpn.gateway.GatewayHarness.Reply;
import java.time.Duration;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

/**
 * Every class of bad input the HTTP phase and the tunnel meet: each ends that one connection with a clear answer (400,
 * 401, 404, 405) or a close, and the gateway and the other tunnels go on (issue 15 "Proof": malformed CSTP input).
 */
class GatewayNegativeTest {
    static final X509CertificateHolder ALICE = GatewayExchangeTest.ALICE;
    static final X509CertificateHolder BOB = TestCertificates.issue("CN=bob,OU=staff,O=gmgw test", 0x2002);

    private static void assertRejected(Conn c, int status) {
        Reply r = c.reply();
        assertEquals(status, r.status(), r::toString);
        assertEquals("close", r.header("Connection"));
        assertFalse(c.isActive(), "the connection closes");
        c.finishAndReleaseAll();
    }

    @Test
    void garbageInsteadOfHttpIs400AndClose() {
        GatewayHarness h = new GatewayHarness();
        Conn c = h.connect("198.51.100.7", ALICE);
        c.send("GARBAGE\0\u0001 nothing like HTTP\r\n\r\n");
        assertRejected(c, 400);
    }

    @Test
    void aCstpFrameBeforeConnectClosesTheConnection() {
        GatewayHarness h = new GatewayHarness();
        Conn c = h.connect("198.51.100.7", ALICE);
        c.send(GatewayHarness.frame(CstpFrameType.DATA, GatewayHarness.ipv4("192.168.99.2", "10.20.1.1", 40)));
        assertFalse(c.isActive());
        assertNull(c.readOutbound(), "no HTTP answer to a frame");
        assertTrue(h.packets.delivered.isEmpty());
        c.finishAndReleaseAll();

        // After a refused CONNECT too: the refusal closed the connection, and nothing reaches the packet path.
        Conn after = GatewayExchangeTest.tunnel(h, ALICE, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertEquals(401, after.reply().status());
        assertFalse(after.isActive());
        after.finishAndReleaseAll();
    }

    @Test
    void aCstpFrameAfterALoginOnTheSameConnectionClosesIt() {
        GatewayHarness h = new GatewayHarness();
        Conn c = h.connect("198.51.100.7", ALICE);
        c.send(GatewayHarness.init("/", null));
        assertEquals(200, c.reply().status());
        c.send(GatewayHarness.frame(CstpFrameType.DPD_REQUEST, new byte[0]));
        assertFalse(c.isActive());
        c.finishAndReleaseAll();
    }

    @Test
    void bytesBeforeTheSecureChannelCloseTheConnection() {
        GatewayHarness h = new GatewayHarness();
        Conn c = h.open("198.51.100.7");
        c.send(GatewayHarness.init("/", null));
        assertFalse(c.isActive());
        assertNull(c.readOutbound());
        c.finishAndReleaseAll();
    }

    @Test
    void oversizedRequestLineHeadersAndBodyAre400AndClose() {
        GatewayHarness h = new GatewayHarness();
        Conn line = h.connect("198.51.100.7", ALICE);
        line.send("POST /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertRejected(line, 400);

        Conn headers = h.connect("198.51.100.7", ALICE);
        headers.send("POST / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n");
        assertRejected(headers, 400);

        Conn body = h.connect("198.51.100.7", ALICE);
        body.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 20000\r\n\r\n" + "c".repeat(100));
        assertRejected(body, 400);
    }

    @Test
    void aMalformedLoginBodyIs400AndClose() {
        GatewayHarness h = new GatewayHarness();
        Conn c = h.connect("198.51.100.7", ALICE);
        c.send(GatewayHarness.post("/", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]><config-auth "
                + "type=\"init\">&e;</config-auth>"));
        assertRejected(c, 400);
        assertTrue(h.auditSink.of("sslvpn.login").isEmpty(), "not a login attempt");
    }

    @Test
    void unknownPathsAre404AndTheGetFallbackIsRefusedClearly() {
        GatewayHarness h = new GatewayHarness();
        Conn other = h.connect("198.51.100.7", ALICE);
        other.send("POST /admin HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assertRejected(other, 404);

        Conn tunnel = h.connect("198.51.100.7", ALICE);
        tunnel.send("CONNECT /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n");
        assertRejected(tunnel, 404);

        Conn get = h.connect("198.51.100.7", ALICE);
        get.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Reply r = get.reply();
        assertEquals(405, r.status());
        assertEquals("POST", r.header("Allow"));
        assertTrue(r.body().contains("XML POST"), r.body());
        assertFalse(get.isActive());
        get.finishAndReleaseAll();
    }

    @Test
    void aGroupPathLogsInToThatGroupAndOnlyThat() {
        GatewayHarness h = new GatewayHarness();
        Conn ok = h.connect("198.51.100.7", ALICE);
        ok.send(GatewayHarness.init("/staff", null));
        assertEquals(200, ok.reply().status());
        ok.finishAndReleaseAll();

        Conn wrong = h.connect("198.51.100.7", ALICE);
        wrong.send(GatewayHarness.init("/", "admins"));
        assertRejected(wrong, 401);
        assertEquals("user 'alice' asked for group 'admins' but belongs to 'staff'",
                h.auditSink.of("sslvpn.login").get(1).reason());
    }

    @Test
    void noCertificateOrNoGroupIsAFailedLoginWith401AndClose() {
        GatewayHarness h = new GatewayHarness();
        Conn none = h.connect("198.51.100.7", null);
        none.send(GatewayHarness.init("/", null));
        assertRejected(none, 401);
        assertEquals("no client certificate", h.auditSink.of("sslvpn.login").getFirst().reason());

        Conn stranger = h.connect("198.51.100.7", TestCertificates.issue("CN=carol,OU=contractors", 7));
        stranger.send(GatewayHarness.init("/", null));
        assertRejected(stranger, 401);
        assertTrue(h.auditSink.of("sslvpn.login").get(1).reason().contains("'contractors', which is not configured"));

        Conn nameless = h.connect("198.51.100.7", TestCertificates.issue("O=gmgw test,OU=staff", 8));
        nameless.send(GatewayHarness.init("/", null));
        assertRejected(nameless, 401);
        assertTrue(h.auditSink.of("sslvpn.login").get(2).reason().contains("no attribute 2.5.4.3"));
    }

    @Test
    void connectWithAWrongOrMissingCookieIs401CookieIsNotAcceptable() {
        GatewayHarness h = new GatewayHarness();
        Conn wrong = GatewayExchangeTest.tunnel(h, ALICE, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Reply r = wrong.reply();
        assertEquals("HTTP/1.1 401 Cookie is not acceptable", r.statusLine());
        assertFalse(wrong.isActive());
        wrong.finishAndReleaseAll();
        assertEquals("unknown cookie", h.auditSink.of("sslvpn.cookie-refused").getFirst().reason());

        Conn missing = GatewayExchangeTest.tunnel(h, ALICE, null);
        assertEquals(401, missing.reply().status());
        missing.finishAndReleaseAll();
        assertEquals(0, h.pool.inUse());
    }

    @Test
    void aCookieIsRefusedOnAConnectionWithAnotherCertificateEvenOfTheSameUser() {
        GatewayHarness h = new GatewayHarness();
        String cookie = GatewayExchangeTest.login(h, ALICE);
        Conn stolen = GatewayExchangeTest.tunnel(h, BOB, cookie);
        assertEquals(401, stolen.reply().status());
        stolen.finishAndReleaseAll();
        assertEquals("cookie belongs to another certificate",
                h.auditSink.of("sslvpn.cookie-refused").getFirst().reason());
        assertEquals("CN=bob,OU=staff,O=gmgw test", h.auditSink.of("sslvpn.cookie-refused").getFirst().subject());

        X509CertificateHolder reissued = TestCertificates.issue("CN=alice,OU=staff,O=gmgw test", 0x1002);
        Conn other = GatewayExchangeTest.tunnel(h, reissued, cookie);
        assertEquals(401, other.reply().status());
        other.finishAndReleaseAll();
        Conn none = GatewayExchangeTest.tunnel(h, null, cookie);
        assertEquals(401, none.reply().status());
        none.finishAndReleaseAll();

        Conn owner = GatewayExchangeTest.tunnel(h, ALICE, cookie);
        assertEquals(200, owner.reply().status(), "the refusals did not spend the cookie");
        owner.finishAndReleaseAll();
    }

    @Test
    void anUnknownFrameTypeClosesOnlyThatTunnel() {
        GatewayHarness h = new GatewayHarness();
        Conn bad = GatewayExchangeTest.tunnel(h, ALICE, GatewayExchangeTest.login(h, ALICE));
        bad.reply();
        Conn good = GatewayExchangeTest.tunnel(h, BOB, GatewayExchangeTest.login(h, BOB));
        good.reply();

        bad.send(new byte[] {'S', 'T', 'F', 1, 0, 0, 0x02, 0});
        assertFalse(bad.isActive());
        assertEquals("protocol-error", h.auditSink.of("sslvpn.session-end").getFirst().details().get("reason"));
        assertTrue(h.auditSink.of("sslvpn.session-end").getFirst().reason().contains("unknown CSTP frame type 0x2"));
        bad.finishAndReleaseAll();

        assertTrue(good.isActive());
        good.send(GatewayHarness.frame(CstpFrameType.DATA, GatewayHarness.ipv4("192.168.99.3", "10.20.1.1", 10)));
        assertEquals(1, h.packets.delivered.size());
        assertEquals(1, h.gateway.sessions().list().size());
        good.finishAndReleaseAll();
    }

    @Test
    void aBadHeaderOrACompressedFrameClosesTheTunnel() {
        GatewayHarness h = new GatewayHarness();
        Conn header = GatewayExchangeTest.tunnel(h, ALICE, GatewayExchangeTest.login(h, ALICE));
        header.reply();
        header.send(new byte[] {'H', 'T', 'T', 'P', 0, 0, 0, 0});
        assertFalse(header.isActive());
        header.finishAndReleaseAll();

        Conn compressed = GatewayExchangeTest.tunnel(h, BOB, GatewayExchangeTest.login(h, BOB));
        compressed.reply();
        compressed.send(GatewayHarness.frame(CstpFrameType.COMPRESSED, new byte[] {1, 2, 3}));
        assertFalse(compressed.isActive());
        assertTrue(h.auditSink.of("sslvpn.session-end").get(1).reason().contains("COMPRESSED"));
        compressed.finishAndReleaseAll();
    }

    @Test
    void spoofedAndDeniedPacketsAreDroppedAndCounted() {
        GatewayHarness h = new GatewayHarness();
        Conn c = GatewayExchangeTest.tunnel(h, ALICE, GatewayExchangeTest.login(h, ALICE));
        c.reply();
        c.send(GatewayHarness.frame(CstpFrameType.DATA, GatewayHarness.ipv4("192.168.99.77", "10.20.1.1", 10)));
        c.send(GatewayHarness.frame(CstpFrameType.DATA, GatewayHarness.ipv4("192.168.99.2", "10.20.0.66", 10)));
        h.packets.full = true;
        c.send(GatewayHarness.frame(CstpFrameType.DATA, GatewayHarness.ipv4("192.168.99.2", "10.20.1.1", 10)));
        assertTrue(h.packets.delivered.isEmpty());
        SessionInfo s = h.gateway.sessions().list().getFirst();
        assertEquals(3, s.packetsIn());
        assertEquals(3, s.dropsIn());

        h.packets.receivers.get(s.id()).send(io.netty.buffer.Unpooled.wrappedBuffer(
                GatewayHarness.ipv4("10.20.0.66", "192.168.99.2", 10)));
        c.runPendingTasks();
        assertTrue(c.frames().isEmpty(), "the ACL applies toward the client too");
        assertEquals(1, h.gateway.sessions().list().getFirst().dropsOut());
        assertTrue(c.isActive());
        c.finishAndReleaseAll();
    }

    @Test
    void failedLoginsEarnBanPointsAndABannedSourceIsRefusedBeforeAnything() {
        GatewayHarness h = new GatewayHarness(GatewaySettings.builder().maxBanScore(30).build(), new TestPool(8, false));
        for (int i = 0; i < 2; i++) {
            Conn c = h.connect("203.0.113.9", null);
            c.send(GatewayHarness.init("/", null));
            assertRejected(c, 401);
        }
        assertTrue(h.auditSink.of("sslvpn.ban").isEmpty());
        // 2 × (1 connection + 10 failed login) + this connection's point = 23; the third failure reaches 33 ≥ 30.
        Conn third = h.connect("203.0.113.9", null);
        third.send(GatewayHarness.init("/", null));
        assertRejected(third, 401);
        assertEquals(1, h.auditSink.of("sslvpn.ban").size());
        assertEquals("203.0.113.9", h.auditSink.of("sslvpn.ban").getFirst().object());

        Conn banned = h.open("203.0.113.9");
        assertFalse(banned.isActive(), "refused when the connection opens, before any handshake");
        banned.finishAndReleaseAll();
        Conn neighbour = h.connect("203.0.113.10", ALICE);
        neighbour.send(GatewayHarness.init("/", null));
        assertEquals(200, neighbour.reply().status(), "other sources go on");
        neighbour.finishAndReleaseAll();

        h.advance(h.settings.banResetTime());
        Conn later = h.connect("203.0.113.9", ALICE);
        assertTrue(later.isActive(), "the ban ends ban-reset-time after the last point");
        later.finishAndReleaseAll();
    }

    @Test
    void anExhaustedPoolIs503WithXReasonAndAnAuditLine() {
        GatewayHarness h = new GatewayHarness(GatewaySettings.builder().build(), new TestPool(1, false));
        Conn a = GatewayExchangeTest.tunnel(h, ALICE, GatewayExchangeTest.login(h, ALICE));
        assertEquals(200, a.reply().status());
        String bobCookie = GatewayExchangeTest.login(h, BOB);
        Conn b = GatewayExchangeTest.tunnel(h, BOB, bobCookie);
        Reply r = b.reply();
        assertEquals(503, r.status());
        assertEquals("no free address in the pool of group 'staff'", r.header("X-Reason"));
        assertFalse(b.isActive());
        b.finishAndReleaseAll();
        assertTrue(h.auditSink.of("sslvpn.pool-exhausted").getFirst().reason().contains("exhausted"));

        a.send(GatewayHarness.frame(CstpFrameType.DISCONNECT, new byte[] {(byte) 0xb0}));
        a.finishAndReleaseAll();
        Conn retry = GatewayExchangeTest.tunnel(h, BOB, bobCookie);
        assertEquals("192.168.99.2", retry.reply().header("X-CSTP-Address"), "the cookie outlived the refusal");
        retry.finishAndReleaseAll();
    }

    @Test
    void anIpv6OnlyGroupRefusesAClientWithoutIpv6Clearly() {
        GatewayHarness h = new GatewayHarness(GatewaySettings.builder().build(), new TestPool(4, true) {
            @Override
            public synchronized Lease lease(String identityKey, String group, String holder) {
                Lease both = super.lease(identityKey, group, holder);
                return new Lease(both.id(), java.util.Optional.empty(), both.ipv6());
            }
        });
        Conn v4only = GatewayExchangeTest.tunnel(h, ALICE, GatewayExchangeTest.login(h, ALICE),
                "X-CSTP-Address-Type: IPv4");
        Reply r = v4only.reply();
        assertEquals(503, r.status());
        assertTrue(r.header("X-Reason").contains("IPv6 addresses only"), r.header("X-Reason"));
        v4only.finishAndReleaseAll();
    }

    @Test
    void maxSessionsPerUserRefusesTheOneTooMany() {
        GatewayHarness h = new GatewayHarness(GatewaySettings.builder().maxSessionsPerUser(1).build(),
                new TestPool(8, false));
        Conn first = GatewayExchangeTest.tunnel(h, ALICE, GatewayExchangeTest.login(h, ALICE));
        assertEquals(200, first.reply().status());
        Conn second = GatewayExchangeTest.tunnel(h, ALICE, GatewayExchangeTest.login(h, ALICE));
        Reply r = second.reply();
        assertEquals(503, r.status());
        assertTrue(r.header("X-Reason").contains("max-sessions-per-user 1"), r.header("X-Reason"));
        second.finishAndReleaseAll();
        assertEquals(1, h.pool.inUse());
        first.finishAndReleaseAll();
    }

    @Test
    void aConnectionThatNeverOpensATunnelTimesOut() {
        GatewayHarness h = new GatewayHarness();
        Conn idle = h.connect("198.51.100.7", ALICE);
        h.advance(Duration.ofSeconds(29));
        idle.runScheduledPendingTasks();
        assertTrue(idle.isActive());
        h.advance(Duration.ofSeconds(1));
        idle.runScheduledPendingTasks();
        assertFalse(idle.isActive());
        idle.finishAndReleaseAll();
    }

    @Test
    void tooManyRequestsOnOneConnectionIs400() {
        GatewayHarness h = new GatewayHarness(GatewaySettings.builder().maxRequestsPerConnection(2).build(),
                new TestPool(8, false));
        Conn c = h.connect("198.51.100.7", ALICE);
        c.send(GatewayHarness.init("/", null));
        assertEquals(200, c.reply().status());
        c.send(GatewayHarness.init("/", null));
        assertEquals(200, c.reply().status());
        c.send(GatewayHarness.init("/", null));
        assertRejected(c, 400);
    }
}
