package io.gmgw.sslvpn.client;

import static io.gmgw.sslvpn.client.ScriptedGateway.ocservReply;
import static io.gmgw.sslvpn.client.ScriptedGateway.secureUp;
import static io.gmgw.sslvpn.client.ScriptedGateway.text;
import static io.gmgw.sslvpn.client.ScriptedGateway.written;
import static io.gmgw.sslvpn.testing.CstpBytes.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.channel.SecureSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TunnelHandlerTest {
    private static final VpnUrl URL = VpnUrl.parse("https://gw.example:4443/");
    private static final ClientProfile PROFILE = ClientProfile.defaults("test", "client1", 1500);

    private final List<TunnelParameters> up = new ArrayList<>();
    private final List<byte[]> packets = new ArrayList<>();
    private final List<TunnelHandler.End> ends = new ArrayList<>();
    private TunnelHandler handler;

    private EmbeddedChannel channel() {
        return channel(PROFILE);
    }

    private EmbeddedChannel channel(ClientProfile profile) {
        TunnelHandler.Events events = new TunnelHandler.Events() {
            @Override
            public void established(TunnelHandler t, TunnelParameters p, SecureSession s) {
                handler = t;
                up.add(p);
            }

            @Override
            public void packet(ByteBuf packet) {
                packets.add(ByteBufUtil.getBytes(packet));
                packet.release();
            }

            @Override
            public void ended(TunnelHandler t, TunnelHandler.End end) {
                ends.add(end);
            }
        };
        EmbeddedChannel ch = new EmbeddedChannel(TunnelHandler.pipeline(HttpMessages.connect(profile, URL,
                "c00kie", Optional.empty()), profile, events, Duration.ofSeconds(30), new TunnelCounters()));
        ch.freezeTime();
        return ch;
    }

    @Test
    void sendsConnectOnlyAfterTheSecureChannelIsUp() {
        EmbeddedChannel ch = channel();
        assertNull(ch.readOutbound());
        secureUp(ch);
        String req = written(ch);
        assertTrue(req.startsWith("CONNECT /CSCOSSLC/tunnel HTTP/1.1\r\n"), req);
        assertTrue(req.contains("Cookie: webvpn=c00kie\r\n"), req);
        assertTrue(req.contains("X-CSTP-Version: 1\r\n"), req);
        assertFalse(req.contains("X-CSTP-Accept-Encoding"), "no compression offered: " + req);
        assertFalse(req.contains("X-DTLS"), "no DTLS: " + req);
        assertTrue(req.contains("X-CSTP-Base-MTU: 1500\r\n"), "a given base MTU is sent as it is: " + req);
        ch.finishAndReleaseAll();
    }

    @Test
    void aMeasuringProfileFallsBackToTheDefaultBaseMtuWithoutAnIpPath() {
        // EmbeddedChannel's local address is no IP socket's: no path MTU to take, so openconnect's 1406 (§7).
        EmbeddedChannel ch = channel(ClientProfile.measuring("test", "client1"));
        secureUp(ch);
        String req = written(ch);
        assertTrue(req.contains("X-CSTP-Base-MTU: 1406\r\n"), req);
        assertTrue(req.contains("X-CSTP-MTU: 1296\r\n"), req);
        ch.finishAndReleaseAll();
    }

    @Test
    void replyThenFramesInTheSameReadSwitchToCstp() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        byte[] packet = HexFormat.of().parseHex("4500001c0000000040010000c0a86301c0a86302");
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(ocservReply("192.168.99.2").getBytes());
        in.writeBytes(frame(0x00, packet)).writeBytes(frame(0x03, new byte[0]));
        ch.writeInbound(in);
        assertEquals(1, up.size());
        TunnelParameters p = up.get(0);
        assertEquals("192.168.99.2/24", p.addressSummary());
        assertEquals(1472, p.mtu());
        assertEquals(Duration.ofSeconds(90), p.dpd());
        assertTrue(p.smartcardRemovalDisconnect());
        assertEquals(1, packets.size());
        assertEquals(HexFormat.of().formatHex(packet), HexFormat.of().formatHex(packets.get(0)));
        assertNull(ch.pipeline().get("http"), "the HTTP codec is gone");
        ByteBuf dpdResponse = ch.readOutbound();
        assertEquals("5354460100000400", ByteBufUtil.hexDump(dpdResponse), "empty DPD-RESP as openconnect sends");
        dpdResponse.release();
        assertTrue(ends.isEmpty());
        ch.finishAndReleaseAll();
    }

    @Test
    void packetsGoOutAsOneDataFrameEach() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.writeInbound(text(ocservReply("192.168.99.2")));
        int[] flushes = new int[1];
        ch.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(io.netty.channel.ChannelHandlerContext ctx) {
                flushes[0]++;
                ctx.flush();
            }
        });
        assertTrue(handler.sendPacket(Unpooled.wrappedBuffer(new byte[] {0x45, 1, 2, 3})));
        assertTrue(handler.sendPacket(Unpooled.wrappedBuffer(new byte[] {0x45, 4})));
        ch.runPendingTasks(); // the data frames' flush is a task of the loop (EmbeddedChannel may run it at once)
        assertTrue(flushes[0] >= 1, "the frames were flushed");
        ByteBuf out = ch.readOutbound();
        assertEquals("535446010004000045010203", ByteBufUtil.hexDump(out), "one frame per write (§5)");
        out.release();
        out = ch.readOutbound();
        assertEquals("5354460100020000" + "4504", ByteBufUtil.hexDump(out));
        out.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void cookieRefusedIsFinal() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.writeInbound(text("HTTP/1.1 401 Cookie is not acceptable\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(1, ends.size());
        assertEquals(TunnelHandler.EndKind.FAILED, ends.get(0).kind());
        assertEquals(VpnClientException.Kind.COOKIE_REJECTED, ends.get(0).failure().kind());
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
    }

    @Test
    void serviceUnavailableShowsTheReason() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.writeInbound(text("HTTP/1.1 503 Service Unavailable\r\nX-Reason: Server configuration error\r\n"
                + "Content-Length: 0\r\n\r\n"));
        VpnClientException e = ends.get(0).failure();
        assertEquals(VpnClientException.Kind.SERVER_UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("Server configuration error"), e.getMessage());
        ch.finishAndReleaseAll();
    }

    @Test
    void http10StatusIsRefusedAsOpenconnectDoes() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.writeInbound(text(ocservReply("192.168.99.2").replace("HTTP/1.1 200", "HTTP/1.0 200")));
        assertTrue(up.isEmpty());
        assertEquals(VpnClientException.Kind.PROTOCOL, ends.get(0).failure().kind());
        ch.finishAndReleaseAll();
    }

    @Test
    void replyWithoutMtuIsRefused() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.writeInbound(text("HTTP/1.1 200 CONNECTED\r\nX-CSTP-Address: 192.168.99.2\r\n\r\n"));
        assertTrue(ends.get(0).failure().getMessage().startsWith("No MTU received"));
        ch.finishAndReleaseAll();
    }

    @Test
    void dpdRequestsThenDeadPeerOnTheFakeTicker() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.writeInbound(text(ocservReply("192.168.99.2").replace("X-CSTP-DPD: 90", "X-CSTP-DPD: 30")
                .replace("X-CSTP-Keepalive: 32400", "X-CSTP-Keepalive: 20")));
        ch.advanceTimeBy(20, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertEquals("5354460100000700", hex(ch.readOutbound()), "keepalive after 20 s without sending");
        ch.advanceTimeBy(10, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertEquals("5354460100000300", hex(ch.readOutbound()), "DPD request after 30 s without receiving");
        assertNull(ch.readOutbound());
        ch.advanceTimeBy(15, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertEquals("5354460100000300", hex(ch.readOutbound()), "repeated every dpd/2 while unanswered");
        assertTrue(ends.isEmpty());
        ch.advanceTimeBy(15, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertEquals(1, ends.size());
        assertEquals(TunnelHandler.EndKind.LOST, ends.get(0).kind());
        assertTrue(ends.get(0).message().startsWith("Dead Peer Detection detected dead peer"));
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
    }

    @Test
    void anyReceivedFrameKeepsThePeerAlive() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.writeInbound(text(ocservReply("192.168.99.2").replace("X-CSTP-DPD: 90", "X-CSTP-DPD: 30")));
        for (int i = 0; i < 10; i++) {
            ch.advanceTimeBy(29, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            ch.writeInbound(Unpooled.wrappedBuffer(frame(0x00, new byte[] {0x45})));
        }
        assertNull(ch.readOutbound(), "no DPD needed while data arrives");
        assertTrue(ends.isEmpty());
        ch.finishAndReleaseAll();
    }

    @Test
    void rekeyTimeEndsThisConnectionForANewTunnel() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.writeInbound(text(ocservReply("192.168.99.2").replace("X-CSTP-DPD: 90\r\n", "")
                .replace("X-CSTP-Rekey-Time: 172838", "X-CSTP-Rekey-Time: 600")));
        ch.advanceTimeBy(599, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ends.isEmpty());
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertEquals(TunnelHandler.EndKind.LOST, ends.get(0).kind(), "LOST: the client reconnects with its cookie");
        assertTrue(ends.get(0).message().startsWith("rekey time reached"), ends.get(0).message());
        ch.finishAndReleaseAll();
    }

    @Test
    void serverDisconnectEndsWithoutReconnect() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.writeInbound(text(ocservReply("192.168.99.2")));
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0x05, new byte[0])));
        assertEquals(TunnelHandler.EndKind.SERVER_ENDED, ends.get(0).kind());
        ch.finishAndReleaseAll();
    }

    @Test
    void disconnectSendsByeWithReason() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.writeInbound(text(ocservReply("192.168.99.2")));
        handler.disconnect("bye");
        ByteBuf bye = ch.readOutbound();
        assertEquals("5354460100040500" + "b0627965", ByteBufUtil.hexDump(bye));
        bye.release();
        assertEquals(TunnelHandler.EndKind.LOCAL_ENDED, ends.get(0).kind());
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
    }

    @Test
    void compressedFrameWithoutAgreementIsAProtocolError() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.writeInbound(text(ocservReply("192.168.99.2")));
        ch.writeInbound(Unpooled.wrappedBuffer(frame(0x08, new byte[] {1, 2})));
        assertEquals(VpnClientException.Kind.PROTOCOL, ends.get(0).failure().kind());
        ch.finishAndReleaseAll();
    }

    @Test
    void badFrameHeaderIsAProtocolError() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.writeInbound(text(ocservReply("192.168.99.2")));
        ch.writeInbound(Unpooled.wrappedBuffer(HexFormat.of().parseHex("5354460200000000")));
        assertEquals(TunnelHandler.EndKind.FAILED, ends.get(0).kind());
        assertEquals(VpnClientException.Kind.PROTOCOL, ends.get(0).failure().kind());
        ch.finishAndReleaseAll();
    }

    @Test
    void lossOfTheConnectionIsRetryable() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.writeInbound(text(ocservReply("192.168.99.2")));
        ch.close();
        assertEquals(TunnelHandler.EndKind.LOST, ends.get(0).kind());
        assertNotNull(ends.get(0).failure());
        ch.finishAndReleaseAll();
    }

    @Test
    void noReplyWithinTheTimeoutIsALoss() {
        EmbeddedChannel ch = channel();
        secureUp(ch);
        written(ch);
        ch.advanceTimeBy(30, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertEquals(TunnelHandler.EndKind.LOST, ends.get(0).kind());
        ch.finishAndReleaseAll();
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
