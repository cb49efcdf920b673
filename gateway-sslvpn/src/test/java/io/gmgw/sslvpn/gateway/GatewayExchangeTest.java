package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.AuditEvent;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.sslvpn.cstp.CstpFrameDecoder;
import io.gmgw.sslvpn.cstp.CstpFrameType;
import io.gmgw.sslvpn.gateway.GatewayHarness.Conn;
import io.gmgw.sslvpn.gateway.GatewayHarness.Frame;
import io.gmgw.sslvpn.gateway.GatewayHarness.Reply;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

/**
 * The whole exchange as openconnect 9.01 runs it against ocserv (cstp.md §2-§5, §9, §10): certificate login on one
 * connection, CONNECT with the cookie on a second connection with the same certificate, packets both ways, DPD, then a
 * logout; and a temporary disconnect followed by a reconnect that keeps the address.
 */
class GatewayExchangeTest {
    static final X509CertificateHolder ALICE = TestCertificates.issue("CN=alice,OU=staff,O=gmgw test", 0x1001);

    /** The headers cstp.md §4 says the gateway sends, each once unless list-valued. */
    static final Set<String> REQUIRED = Set.of("X-CSTP-Version", "X-CSTP-Address", "X-CSTP-Netmask",
            "X-CSTP-Address-IP6", "X-CSTP-DNS", "X-CSTP-Default-Domain", "X-CSTP-Split-Include",
            "X-CSTP-Split-Include-IP6", "X-CSTP-Split-DNS", "X-CSTP-Tunnel-All-DNS", "X-CSTP-Base-MTU", "X-CSTP-MTU",
            "X-CSTP-Keepalive", "X-CSTP-DPD", "X-CSTP-Idle-Timeout", "X-CSTP-Session-Timeout",
            "X-CSTP-Disconnected-Timeout", "X-CSTP-Rekey-Method", "X-CSTP-Smartcard-Removal-Disconnect");
    static final Set<String> LISTS = Set.of("X-CSTP-DNS", "X-CSTP-Split-Include", "X-CSTP-Split-Include-IP6",
            "X-CSTP-Split-DNS");

    static String login(GatewayHarness h, X509CertificateHolder cert) {
        Conn c = h.connect("198.51.100.7", cert);
        c.send(GatewayHarness.init("/", null));
        Reply r = c.reply();
        assertEquals(200, r.status(), r::toString);
        String cookie = r.cookie("webvpn");
        assertNotNull(cookie, r::toString);
        // openconnect closes the connection after the first auth reply when it has a certificate (§2.5).
        c.close();
        assertFalse(c.finishAndReleaseAll());
        return cookie;
    }

    static Conn tunnel(GatewayHarness h, X509CertificateHolder cert, String cookie, String... extra) {
        Conn c = h.connect("198.51.100.7", cert);
        c.send(GatewayHarness.connectRequest(cookie, extra));
        return c;
    }

    @Test
    void certificateLoginCompletesInOneRoundTripWithTheCookieInBothPlaces() {
        GatewayHarness h = new GatewayHarness();
        Conn c = h.connect("198.51.100.7", ALICE);
        c.send(GatewayHarness.init("/", null));
        Reply r = c.reply();
        assertEquals("HTTP/1.1 200 OK", r.statusLine());
        assertEquals("text/xml", r.header("Content-Type"));
        assertTrue(r.body().contains("type=\"complete\""), r.body());
        assertTrue(r.body().contains("<auth id=\"success\">"), r.body());
        String setCookie = r.all("Set-Cookie").getFirst();
        assertTrue(setCookie.matches("webvpn=[A-Za-z0-9_-]{43}; Secure; HttpOnly"), setCookie);
        Matcher token = Pattern.compile("<session-token>([^<]+)</session-token>").matcher(r.body());
        assertTrue(token.find(), r.body());
        assertEquals(r.cookie("webvpn"), token.group(1), "Set-Cookie and <session-token> carry the same cookie");
        assertTrue(c.isActive(), "a successful login keeps the connection (the client closes it)");

        AuditEvent login = h.auditSink.of("sslvpn.login").getFirst();
        assertEquals("success", login.outcome().id());
        assertEquals("CN=alice,OU=staff,O=gmgw test", login.subject());
        assertEquals("1001", login.correlation().get("serial"));
        assertEquals("alice", login.details().get("user"));
        assertEquals("staff", login.details().get("group"));
        assertFalse(login.toJson().contains(r.cookie("webvpn")), "the cookie itself never reaches the audit log");
        assertFalse(c.finishAndReleaseAll());
    }

    @Test
    void connectOnASecondConnectionOpensTheTunnelWithTheRequiredHeaders() {
        GatewayHarness h = new GatewayHarness(GatewaySettings.builder().banner("Authorised use only. 100%").build(),
                new TestPool(8, true));
        String cookie = login(h, ALICE);
        Conn c = tunnel(h, ALICE, cookie);
        Reply r = c.reply();
        // openconnect compares the first 13 bytes (§4); ocserv's exact line.
        assertEquals("HTTP/1.1 200 CONNECTED", r.statusLine());
        Map<String, Integer> counts = new java.util.HashMap<>();
        r.headers().forEach(e -> counts.merge(e.getKey(), 1, Integer::sum));
        for (String name : REQUIRED) {
            assertTrue(counts.containsKey(name), () -> name + " missing from " + r.headers());
            if (!LISTS.contains(name)) {
                assertEquals(1, counts.get(name), name + " sent more than once");
            }
        }
        for (String name : counts.keySet()) {
            assertTrue(name.startsWith("X-CSTP-"), () -> "unexpected header " + name);
        }
        assertNull(r.header("X-CSTP-Content-Encoding"), "compression refused = no Content-Encoding (§6)");
        assertNull(r.header("Content-Length"), "after the blank line the stream is CSTP (§4)");
        assertEquals("1", r.header("X-CSTP-Version"));
        assertEquals("192.168.99.2", r.header("X-CSTP-Address"));
        assertEquals("255.255.255.0", r.header("X-CSTP-Netmask"));
        assertEquals("fd00:99::2/64", r.header("X-CSTP-Address-IP6"));
        assertEquals(List.of("192.168.99.1", "fd00:99:0:0:0:0:0:1"), r.all("X-CSTP-DNS"));
        assertEquals("corp.example", r.header("X-CSTP-Default-Domain"));
        assertEquals(List.of("10.20.0.0/255.255.0.0"), r.all("X-CSTP-Split-Include"));
        assertEquals(List.of("fd00:20::/48"), r.all("X-CSTP-Split-Include-IP6"));
        assertEquals("false", r.header("X-CSTP-Tunnel-All-DNS"));
        // §7: link = min(1500, client Base-MTU 1500); tunnel = link - 28 over an IPv4 connection.
        assertEquals("1500", r.header("X-CSTP-Base-MTU"));
        assertEquals("1472", r.header("X-CSTP-MTU"));
        assertEquals("32400", r.header("X-CSTP-Keepalive"));
        assertEquals("90", r.header("X-CSTP-DPD"));
        assertEquals("none", r.header("X-CSTP-Idle-Timeout"));
        assertEquals("none", r.header("X-CSTP-Session-Timeout"));
        assertEquals("300", r.header("X-CSTP-Disconnected-Timeout"));
        assertEquals("none", r.header("X-CSTP-Rekey-Method"));
        assertEquals("true", r.header("X-CSTP-Smartcard-Removal-Disconnect"));
        assertEquals("Authorised use only. 100%25", r.header("X-CSTP-Banner"));

        // The HTTP codec left; CSTP framing has the channel.
        assertNull(c.pipeline().get(ConnectionPipeline.CODEC));
        assertNotNull(c.pipeline().get(CstpFrameDecoder.class));
        SessionInfo s = h.gateway.sessions().list().getFirst();
        assertEquals("alice", s.user());
        assertEquals("staff", s.group());
        assertEquals("TLSv1.3", s.protocol());
        assertEquals("192.168.99.2/24", s.ipv4().orElseThrow().toString());
        assertEquals(List.of("192.168.99.2/24", "fd00:99::2/64"),
                h.packets.addresses.get(s.id()).stream().map(IpPrefix::toString).toList());
        assertEquals("success", h.auditSink.of("sslvpn.session-start").getFirst().outcome().id());
        c.finishAndReleaseAll();
    }

    @Test
    void packetsFlowBothWaysOneFramePerWriteAndDpdIsAnswered() {
        GatewayHarness h = new GatewayHarness();
        Conn c = tunnel(h, ALICE, login(h, ALICE));
        c.reply();
        String id = h.gateway.sessions().list().getFirst().id();

        byte[] out = GatewayHarness.ipv4("192.168.99.2", "10.20.1.1", 32);
        c.send(GatewayHarness.frame(CstpFrameType.DATA, out));
        assertEquals(1, h.packets.delivered.size());
        assertArrayEquals(out, h.packets.delivered.getFirst());

        // The frames of one drain share a flush, one buffer (write) each: the secure channel seals each write as a
        // record of its own (TlsHandlerTest, TlcpSecureChannelTest: two writes then one flush are two records).
        int[] pending = new int[2];
        c.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void write(io.netty.channel.ChannelHandlerContext ctx, Object msg,
                    io.netty.channel.ChannelPromise promise) {
                pending[0]++;
                ctx.write(msg, promise);
            }

            @Override
            public void flush(io.netty.channel.ChannelHandlerContext ctx) {
                pending[1] = Math.max(pending[1], pending[0]);
                pending[0] = 0;
                ctx.flush();
            }
        });
        byte[] in1 = GatewayHarness.ipv4("10.20.1.1", "192.168.99.2", 100);
        byte[] in2 = GatewayHarness.ipv4("10.20.1.2", "192.168.99.2", 1400);
        h.packets.receivers.get(id).send(Unpooled.wrappedBuffer(in1));
        h.packets.receivers.get(id).send(Unpooled.wrappedBuffer(in2));
        c.runPendingTasks();
        List<Frame> frames = c.framesOneByOne();
        assertEquals(2, frames.size());
        assertEquals(CstpFrameType.DATA, frames.get(0).type());
        assertArrayEquals(in1, frames.get(0).payload());
        assertArrayEquals(in2, frames.get(1).payload());
        assertEquals(2, pending[1], "both frames, one write each, went out with one flush");

        // DPD-REQ is answered with DPD-RESP echoing the payload (as ocserv, §5); KEEPALIVE is never answered.
        c.send(GatewayHarness.frame(CstpFrameType.DPD_REQUEST, new byte[] {1, 2, 3}));
        c.send(GatewayHarness.frame(CstpFrameType.KEEPALIVE, new byte[0]));
        frames = c.frames();
        assertEquals(1, frames.size());
        assertEquals(CstpFrameType.DPD_RESPONSE, frames.getFirst().type());
        assertArrayEquals(new byte[] {1, 2, 3}, frames.getFirst().payload());

        SessionInfo s = h.gateway.sessions().find(id).orElseThrow();
        assertEquals(1, s.packetsIn());
        assertEquals(out.length, s.bytesIn());
        assertEquals(2, s.packetsOut());
        assertEquals(in1.length + in2.length, s.bytesOut());
        c.finishAndReleaseAll();
    }

    @Test
    void logoutEndsTheLoginReleasesTheAddressAndIsAudited() {
        GatewayHarness h = new GatewayHarness();
        String cookie = login(h, ALICE);
        Conn c = tunnel(h, ALICE, cookie);
        c.reply();
        assertEquals(1, h.pool.inUse());
        byte[] bye = "\u00b0Aborted by caller".getBytes(StandardCharsets.ISO_8859_1);
        c.send(GatewayHarness.frame(CstpFrameType.DISCONNECT, bye));
        assertFalse(c.isActive());
        assertEquals(0, h.pool.inUse(), "the lease goes with the login");
        assertTrue(h.gateway.sessions().list().isEmpty());
        AuditEvent end = h.auditSink.of("sslvpn.session-end").getFirst();
        assertEquals("logout", end.details().get("reason"));
        assertEquals("the client logged out (DISCONNECT 0xB0): Aborted by caller", end.reason(),
                "the reason openconnect gave");
        c.finishAndReleaseAll();

        Conn again = tunnel(h, ALICE, cookie);
        Reply r = again.reply();
        assertEquals("HTTP/1.1 401 Cookie is not acceptable", r.statusLine());
        assertFalse(again.isActive());
        again.finishAndReleaseAll();
    }

    @Test
    void aTemporaryDisconnectKeepsTheCookieAndTheAddressForTheReconnect() {
        GatewayHarness h = new GatewayHarness();
        String cookie = login(h, ALICE);
        Conn first = tunnel(h, ALICE, cookie);
        assertEquals("192.168.99.2", first.reply().header("X-CSTP-Address"));
        // Someone else takes the next address meanwhile.
        X509CertificateHolder bob = TestCertificates.issue("CN=bob,OU=staff", 0x2002);
        Conn other = tunnel(h, bob, login(h, bob));
        assertEquals("192.168.99.3", other.reply().header("X-CSTP-Address"));

        first.send(GatewayHarness.frame(CstpFrameType.DISCONNECT, new byte[0]));
        assertFalse(first.isActive());
        first.finishAndReleaseAll();
        assertEquals(2, h.pool.inUse(), "the lease stays bound to the cookie through the reconnect window (§9)");

        h.advance(Duration.ofSeconds(200));
        h.gateway.sweep();
        Conn second = tunnel(h, ALICE, cookie, "X-CSTP-Address: 192.168.99.2",
                "X-CSTP-Address: fd00:99::2");
        Reply r = second.reply();
        assertEquals(200, r.status());
        assertEquals("192.168.99.2", r.header("X-CSTP-Address"));
        assertEquals("255.255.255.0", r.header("X-CSTP-Netmask"));
        second.finishAndReleaseAll();
        other.finishAndReleaseAll();
    }

    @Test
    void aCookieExpiresCookieTimeoutAfterTheDisconnectAndItsLeaseIsReleased() {
        GatewayHarness h = new GatewayHarness();
        String cookie = login(h, ALICE);
        Conn first = tunnel(h, ALICE, cookie);
        first.reply();
        first.close();
        first.finishAndReleaseAll();
        assertEquals("connection-lost", h.auditSink.of("sslvpn.session-end").getFirst().details().get("reason"));
        h.advance(Duration.ofSeconds(301));
        h.gateway.sweep();
        assertEquals(0, h.pool.inUse());
        Conn late = tunnel(h, ALICE, cookie);
        assertEquals(401, late.reply().status());
        late.finishAndReleaseAll();
    }

    @Test
    void anUnusedCookieExpiresAfterTheCookieTimeout() {
        GatewayHarness h = new GatewayHarness();
        String cookie = login(h, ALICE);
        h.advance(Duration.ofSeconds(300));
        Conn late = tunnel(h, ALICE, cookie);
        assertEquals("HTTP/1.1 401 Cookie is not acceptable", late.reply().statusLine());
        assertEquals("cookie expired", h.auditSink.of("sslvpn.cookie-refused").getFirst().reason());
        late.finishAndReleaseAll();
    }

    @Test
    void aReconnectWhileTheOldTunnelSeemsAliveReplacesIt() {
        GatewayHarness h = new GatewayHarness();
        String cookie = login(h, ALICE);
        Conn first = tunnel(h, ALICE, cookie);
        first.reply();
        Conn second = tunnel(h, ALICE, cookie);
        assertEquals("192.168.99.2", second.reply().header("X-CSTP-Address"));
        first.runPendingTasks();
        assertFalse(first.isActive());
        assertEquals(1, h.gateway.sessions().list().size());
        assertEquals("replaced", h.auditSink.of("sslvpn.session-end").getFirst().details().get("reason"));
        assertEquals(1, h.pool.inUse());
        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
    }
}
