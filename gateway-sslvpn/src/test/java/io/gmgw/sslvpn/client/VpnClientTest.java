package io.gmgw.sslvpn.client;

import static io.gmgw.sslvpn.client.ScriptedGateway.ocservReply;
import static io.gmgw.sslvpn.client.ScriptedGateway.secureUp;
import static io.gmgw.sslvpn.client.ScriptedGateway.text;
import static io.gmgw.sslvpn.client.ScriptedGateway.written;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.testing.CstpBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client session against a gateway scripted by hand (cstp.md §2-§4, §9, §10), time on fake tickers. */
class VpnClientTest {
    private static final VpnUrl URL = VpnUrl.parse("https://gw.example:4443/");
    private static final String COMPLETE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <config-auth client="vpn" type="complete"><version who="sg">0.1(1)</version>
            <auth id="success"><title>SSL VPN Service</title></auth></config-auth>
            """;

    private final EmbeddedChannel control = new EmbeddedChannel();
    private final ArrayDeque<EmbeddedChannel> connections = new ArrayDeque<>();
    private final List<EmbeddedChannel> all = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();
    private final Packets packets = new Packets();

    private final SecureChannelFactory factory = new SecureChannelFactory() {
        @Override
        public ChannelFuture open(VpnUrl url, ChannelHandler application) {
            EmbeddedChannel ch = new EmbeddedChannel(application);
            ch.freezeTime();
            connections.add(ch);
            all.add(ch);
            return ch.newSucceededFuture();
        }

        @Override
        public String protocolName() {
            return "TLCP";
        }
    };

    /** The local side: records what happens to it. */
    static final class Packets implements LocalPackets {
        TunnelParameters opened;
        Uplink uplink;
        final List<String> events = new ArrayList<>();
        final List<byte[]> received = new ArrayList<>();

        @Override
        public void open(TunnelParameters parameters, Uplink up) {
            opened = parameters;
            uplink = up;
            events.add("open");
        }

        @Override
        public void fromGateway(ByteBuf packet) {
            received.add(ByteBufUtil.getBytes(packet));
            packet.release();
        }

        @Override
        public void reconnected(TunnelParameters parameters) {
            events.add("reconnected");
        }

        @Override
        public void suspended(String reason) {
            events.add("suspended");
        }

        @Override
        public void close() {
            events.add("close");
        }
    }

    @AfterEach
    void noLeftovers() {
        for (EmbeddedChannel ch : all) {
            ch.finishAndReleaseAll();
        }
        control.finishAndReleaseAll();
    }

    private VpnClient client(FormAnswerer answerer, ReconnectPolicy policy, Optional<String> cookie) {
        control.freezeTime();
        return new VpnClient(new VpnClient.Settings(URL, ClientProfile.defaults("t", "laptop", 1500), answerer,
                policy, Duration.ofSeconds(30), Optional.empty(), cookie), factory, packets, control.eventLoop(),
                progress::add);
    }

    private static String httpReply(String status, String headers, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + "\r\n" + headers + "Content-Type: text/xml\r\nContent-Length: " + b.length
                + "\r\n\r\n" + body;
    }

    /** The next connection the client opened: handshake done, its request read. */
    private String nextRequest(EmbeddedChannel[] out) {
        control.runPendingTasks();
        EmbeddedChannel ch = connections.poll();
        if (ch == null) {
            return null;
        }
        secureUp(ch);
        out[0] = ch;
        return written(ch);
    }

    private EmbeddedChannel loginAndTunnel(VpnClient client, String address) {
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        String init = nextRequest(ch);
        assertTrue(init.startsWith("POST / HTTP/1.1\r\n"), init);
        assertTrue(init.contains("type=\"init\""), init);
        ch[0].writeInbound(text(httpReply("200 OK", "Set-Cookie: webvpn=C00KIE; Secure; HttpOnly\r\n"
                + "Set-Cookie: webvpnc=; expires=Thu, 01 Jan 1970 22:00:00 GMT; path=/; Secure\r\n", COMPLETE)));
        assertFalse(ch[0].isOpen(), "the auth connection is closed after the reply");
        String connect = nextRequest(ch);
        assertTrue(connect.startsWith("CONNECT /CSCOSSLC/tunnel HTTP/1.1\r\n"), connect);
        assertTrue(connect.contains("Cookie: webvpn=C00KIE\r\n"), connect);
        ch[0].writeInbound(text(ocservReply(address)));
        return ch[0];
    }

    @Test
    void certificateLoginThenTunnelThenLogoff() {
        VpnClient client = client(FormAnswerer.NONE, ReconnectPolicy.OPENCONNECT, Optional.empty());
        CompletableFuture<VpnClient.Outcome> done = client.start();
        EmbeddedChannel tunnel = loginAndTunnel(client, "192.168.99.2");
        assertEquals(List.of("open"), packets.events);
        assertEquals("192.168.99.2/24", packets.opened.addressSummary());
        tunnel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(CstpBytes.frame(0, new byte[] {0x45, 7})));
        assertEquals(1, packets.received.size());
        assertTrue(packets.uplink.send(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {0x45, 9})));
        tunnel.runPendingTasks(); // the data frames' flush
        assertEquals("53544601000200004509", hex(tunnel.readOutbound()));
        client.disconnect("Aborted by caller");
        assertTrue(hex(tunnel.readOutbound()).startsWith("5354460100120500b0"), "BYE with 0xB0 and the reason");
        VpnClient.Outcome o = done.getNow(null);
        assertEquals(VpnClient.EndReason.LOGGED_OFF, o.reason());
        assertEquals(1, o.traffic().packetsIn());
        assertEquals(1, o.traffic().packetsOut());
        assertEquals(List.of("open", "close"), packets.events);
        assertTrue(progress.get(0).startsWith("logged in"), progress.toString());
        assertTrue(progress.get(1).startsWith("tunnel up over TLCP ECC_SM4_GCM_SM3: address 192.168.99.2/24"),
                progress.toString());
    }

    @Test
    void aLogoffDuringTheLoginIsALogoffNotAFailure() {
        VpnClient client = client(FormAnswerer.NONE, ReconnectPolicy.OPENCONNECT, Optional.empty());
        CompletableFuture<VpnClient.Outcome> done = client.start();
        assertEquals(1, connections.size(), "the login's connection is open, its reply not yet in");
        client.disconnect("Aborted by caller");
        VpnClient.Outcome o = done.getNow(null);
        assertEquals(VpnClient.EndReason.LOGGED_OFF, o.reason(), o::toString);
        assertEquals("Aborted by caller (before the tunnel was up)", o.message());
        assertTrue(o.failure().isEmpty());
        assertFalse(connections.getFirst().isOpen(), "the login's connection is closed");
    }

    @Test
    void refusedLoginEndsWithAuthRefused() {
        VpnClient client = client(FormAnswerer.NONE, ReconnectPolicy.OPENCONNECT, Optional.empty());
        CompletableFuture<VpnClient.Outcome> done = client.start();
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        nextRequest(ch);
        ch[0].writeInbound(text("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"));
        VpnClient.Outcome o = done.getNow(null);
        assertEquals(VpnClient.EndReason.FAILED, o.reason());
        assertEquals(VpnClientException.Kind.AUTH_REFUSED, o.failure().orElseThrow().kind());
        assertTrue(packets.events.isEmpty());
    }

    @Test
    void aPeerThatIsNotAnHttpGatewayIsAProtocolError() {
        VpnClient client = client(FormAnswerer.NONE, ReconnectPolicy.OPENCONNECT, Optional.empty());
        CompletableFuture<VpnClient.Outcome> done = client.start();
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        String request = nextRequest(ch);
        ch[0].writeInbound(text(request)); // an echo server sends our own request back
        VpnClientException e = done.getNow(null).failure().orElseThrow();
        assertEquals(VpnClientException.Kind.PROTOCOL, e.kind());
        assertTrue(e.getMessage().contains("not HTTP/1.1"), e.getMessage());
    }

    @Test
    void formWithoutAnswererNamesTheForm() {
        VpnClient client = client(FormAnswerer.NONE, ReconnectPolicy.OPENCONNECT, Optional.empty());
        CompletableFuture<VpnClient.Outcome> done = client.start();
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        nextRequest(ch);
        ch[0].writeInbound(text(httpReply("200 OK", "", """
                <config-auth client="vpn" type="auth-request"><auth id="otp-verification">
                <form method="post" action="/otp-verification">
                <input type="password" name="secondary_password" label="OTP:"/></form></auth></config-auth>""")));
        VpnClientException e = done.getNow(null).failure().orElseThrow();
        assertEquals(VpnClientException.Kind.AUTH_REFUSED, e.kind());
        assertTrue(e.getMessage().contains("'otp-verification'") && e.getMessage().contains("secondary_password"),
                e.getMessage());
    }

    @Test
    void formAnsweredOnANewConnectionWithTheCookiesSoFar() {
        FormAnswerer otp = form -> Optional.of(Map.of("secondary_password", "123456"));
        VpnClient client = client(otp, ReconnectPolicy.OPENCONNECT, Optional.empty());
        client.start();
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        nextRequest(ch);
        ch[0].writeInbound(text(httpReply("200 OK", "Set-Cookie: webvpncontext=CTX; Secure\r\n", """
                <config-auth client="vpn" type="auth-request"><auth id="otp-verification">
                <form method="post" action="/otp-verification">
                <input type="password" name="secondary_password" label="OTP:"/></form></auth></config-auth>""")));
        String reply = nextRequest(ch);
        assertTrue(reply.startsWith("POST /otp-verification HTTP/1.1\r\n"), reply);
        assertTrue(reply.contains("Cookie: webvpncontext=CTX\r\n"), reply);
        assertTrue(reply.contains("<secondary_password>123456</secondary_password>"), reply);
        ch[0].writeInbound(text(httpReply("200 OK", "", COMPLETE.replace("<auth id=\"success\">",
                "<session-token>TOKEN</session-token><auth id=\"success\">"))));
        String connect = nextRequest(ch);
        assertTrue(connect.contains("Cookie: webvpn=TOKEN\r\n"), connect);
        client.disconnect("test over");
    }

    @Test
    void reconnectsAtOnceThenAfterTenSecondsAskingForTheSameAddress() {
        VpnClient client = client(FormAnswerer.NONE, ReconnectPolicy.OPENCONNECT, Optional.empty());
        CompletableFuture<VpnClient.Outcome> done = client.start();
        EmbeddedChannel tunnel = loginAndTunnel(client, "192.168.99.2");
        tunnel.close(); // the network drops the connection
        assertEquals(List.of("open", "suspended"), packets.events);
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        String first = nextRequest(ch);
        assertTrue(first.contains("X-CSTP-Address: 192.168.99.2\r\n"), "first attempt at once: " + first);
        ch[0].close(); // that attempt fails too
        control.advanceTimeBy(9, TimeUnit.SECONDS);
        control.runScheduledPendingTasks();
        assertNull(nextRequest(ch), "the second attempt waits 10 s");
        control.advanceTimeBy(1, TimeUnit.SECONDS);
        control.runScheduledPendingTasks();
        String second = nextRequest(ch);
        assertTrue(second.contains("Cookie: webvpn=C00KIE\r\n"), second);
        ch[0].writeInbound(text(ocservReply("192.168.99.2")));
        assertEquals(List.of("open", "suspended", "reconnected"), packets.events);
        assertFalse(done.isDone());
        client.disconnect("done");
        assertEquals(1, done.getNow(null).reconnects());
        assertEquals(VpnClient.EndReason.LOGGED_OFF, done.getNow(null).reason());
    }

    @Test
    void differentAddressOnReconnectAborts() {
        VpnClient client = client(FormAnswerer.NONE, ReconnectPolicy.OPENCONNECT, Optional.empty());
        CompletableFuture<VpnClient.Outcome> done = client.start();
        loginAndTunnel(client, "192.168.99.2").close();
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        nextRequest(ch);
        ch[0].writeInbound(text(ocservReply("192.168.99.3")));
        assertTrue(hex(ch[0].readOutbound()).startsWith("53544601"), "BYE frees the new lease");
        VpnClientException e = done.getNow(null).failure().orElseThrow();
        assertEquals(VpnClientException.Kind.ADDRESS_CHANGED, e.kind());
        assertTrue(e.getMessage().contains("192.168.99.3/24 instead of 192.168.99.2/24"), e.getMessage());
        assertEquals(List.of("open", "suspended", "close"), packets.events);
    }

    @Test
    void cookieRejectedOnReconnectStops() {
        VpnClient client = client(FormAnswerer.NONE, ReconnectPolicy.OPENCONNECT, Optional.empty());
        CompletableFuture<VpnClient.Outcome> done = client.start();
        loginAndTunnel(client, "192.168.99.2").close();
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        nextRequest(ch);
        ch[0].writeInbound(text("HTTP/1.1 401 Cookie is not acceptable\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(VpnClientException.Kind.COOKIE_REJECTED, done.getNow(null).failure().orElseThrow().kind());
    }

    @Test
    void givesUpAfterTheReconnectTimeout() {
        VpnClient client = client(FormAnswerer.NONE, ReconnectPolicy.OPENCONNECT.withTimeout(Duration.ofSeconds(25)),
                Optional.empty());
        CompletableFuture<VpnClient.Outcome> done = client.start();
        loginAndTunnel(client, "192.168.99.2").close();
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        nextRequest(ch);
        ch[0].close(); // attempt 1 (at once) fails
        control.advanceTimeBy(10, TimeUnit.SECONDS);
        control.runScheduledPendingTasks();
        nextRequest(ch);
        ch[0].close(); // attempt 2 (after 10 s) fails; the next would start at 10 + 20 > 25 s
        VpnClientException e = done.getNow(null).failure().orElseThrow();
        assertEquals(VpnClientException.Kind.NETWORK, e.kind());
        assertTrue(e.getMessage().startsWith("could not reconnect within 25 s"), e.getMessage());
    }

    @Test
    void serverDisconnectEndsTheSession() {
        VpnClient client = client(FormAnswerer.NONE, ReconnectPolicy.OPENCONNECT, Optional.empty());
        CompletableFuture<VpnClient.Outcome> done = client.start();
        EmbeddedChannel tunnel = loginAndTunnel(client, "192.168.99.2");
        tunnel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(CstpBytes.frame(0x09, new byte[0])));
        assertEquals(VpnClient.EndReason.SERVER_ENDED, done.getNow(null).reason());
        assertNull(connections.poll(), "no reconnect after the gateway ended it");
    }

    @Test
    void givenCookieSkipsTheLoginAndFirstFailureIsFinal() {
        VpnClient client = client(FormAnswerer.NONE, ReconnectPolicy.OPENCONNECT, Optional.of("K"));
        CompletableFuture<VpnClient.Outcome> done = client.start();
        EmbeddedChannel[] ch = new EmbeddedChannel[1];
        String connect = nextRequest(ch);
        assertTrue(connect.startsWith("CONNECT ") && connect.contains("Cookie: webvpn=K\r\n"), connect);
        ch[0].close();
        assertEquals(VpnClientException.Kind.NETWORK, done.getNow(null).failure().orElseThrow().kind());
    }

    private static String hex(Object o) {
        ByteBuf b = (ByteBuf) o;
        try {
            return ByteBufUtil.hexDump(b);
        } finally {
            b.release();
        }
    }
}
