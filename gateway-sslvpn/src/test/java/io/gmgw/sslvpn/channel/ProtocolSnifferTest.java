package io.gmgw.sslvpn.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The sniffer on embedded channels: which first bytes go to which handler, with every byte handed on; what is
 * refused; the time limit. The handlers it installs here only record what they receive (the real TLCP and TLS
 * handlers are exercised through the sniffer in SecureChannelInitializerTest).
 */
class ProtocolSnifferTest {
    private long now;
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger("sslvpn"), () -> now, 1);

    /** Stands where the TLCP or TLS handler goes and keeps the bytes handed to it. */
    static final class Receiver extends ChannelInboundHandlerAdapter {
        final String name;
        final ByteBuf received = Unpooled.buffer();

        Receiver(String name) {
            this.name = name;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            received.writeBytes(b);
            b.release();
        }
    }

    private final Receiver tlcp = new Receiver("tlcp");
    private final Receiver tls = new Receiver("tls");

    private EmbeddedChannel channel(boolean tlcpOn, boolean tlsOn) {
        return new EmbeddedChannel(new ProtocolSniffer(tlcpOn ? () -> tlcp : null, tlsOn ? () -> tls : null,
                Duration.ofSeconds(10), log));
    }

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    }

    @Test
    void aTlcpClientHelloGoesToTheTlcpHandlerWithEveryByte() {
        EmbeddedChannel ch = channel(true, true);
        ch.writeInbound(hex("160101"));
        assertNotNull(ch.pipeline().get(ProtocolSniffer.class), "three bytes do not decide");
        ch.writeInbound(hex("0004aabbccdd"));
        assertNull(ch.pipeline().get(ProtocolSniffer.class), "the sniffer left");
        assertTrue(ch.pipeline().get("secure-channel") == tlcp);
        assertEquals("1601010004aabbccdd", ByteBufUtil.hexDump(tlcp.received));
        assertEquals(0, tls.received.readableBytes());
        ch.writeInbound(hex("ee"));
        assertEquals("1601010004aabbccddee", ByteBufUtil.hexDump(tlcp.received), "later bytes follow directly");
        assertTrue(ch.isOpen());
        assertFalse(ch.finishAndReleaseAll());
        tlcp.received.release();
        tls.received.release();
    }

    @Test
    void tlsClientHellosOfEveryRecordVersionGoToTheTlsHandler() {
        for (String version : new String[] {"0301", "0302", "0303", "0304"}) {
            Receiver r = new Receiver("tls");
            EmbeddedChannel ch = new EmbeddedChannel(new ProtocolSniffer(() -> tlcp, () -> r, Duration.ofSeconds(10),
                    log));
            ch.writeInbound(hex("16" + version + "00c8" + "01"));
            assertEquals("16" + version + "00c801", ByteBufUtil.hexDump(r.received), version);
            assertTrue(ch.isOpen());
            ch.finishAndReleaseAll();
            r.received.release();
        }
        assertEquals(0, tlcp.received.readableBytes());
        tlcp.received.release();
        tls.received.release();
    }

    @Test
    void plainHttpGetsA400AndIsClosed() {
        EmbeddedChannel ch = channel(true, true);
        ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: vpn\r\n\r\n", StandardCharsets.US_ASCII));
        ByteBuf reply = ch.readOutbound();
        String text = reply.toString(StandardCharsets.US_ASCII);
        reply.release();
        assertTrue(text.startsWith("HTTP/1.1 400 Bad Request\r\n"), text);
        int body = text.indexOf("\r\n\r\n") + 4;
        assertTrue(text.contains("Content-Length: " + (text.length() - body) + "\r\n"), text);
        assertFalse(ch.isOpen());
        assertFalse(ch.finishAndReleaseAll());
        tlcp.received.release();
        tls.received.release();
    }

    @Test
    void garbageAnSsl2HelloAndABadLengthAreClosedWithoutAnswer() {
        for (String first : new String[] {"00000000", "8046010301", "1602000010", "1603030000", "16030348ff"}) {
            EmbeddedChannel ch = channel(true, true);
            ch.writeInbound(hex(first));
            assertFalse(ch.isOpen(), first);
            assertNull(ch.readOutbound(), first);
            assertFalse(ch.finishAndReleaseAll());
        }
        assertEquals(0, tlcp.received.readableBytes() + tls.received.readableBytes());
        tlcp.received.release();
        tls.received.release();
    }

    @Test
    void aProtocolTheListenerDoesNotOfferIsRefused() {
        EmbeddedChannel ch = channel(false, true);
        ch.writeInbound(hex("1601010040"));
        assertFalse(ch.isOpen());
        assertEquals(0, tlcp.received.readableBytes());
        ch.finishAndReleaseAll();
        tlcp.received.release();
        tls.received.release();
    }

    @Test
    void aClientThatSendsNoHeaderInTimeIsClosed() {
        EmbeddedChannel ch = channel(true, true);
        ch.writeInbound(hex("16"));
        ch.advanceTimeBy(9, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen(), "a byte at a time does not hold the connection open");
        assertFalse(ch.finishAndReleaseAll());
        tlcp.received.release();
        tls.received.release();
    }

    @Test
    void theTimerStopsOnceTheProtocolIsKnown() {
        EmbeddedChannel ch = channel(true, true);
        ch.writeInbound(hex("1603010010"));
        ch.advanceTimeBy(1, TimeUnit.HOURS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.finishAndReleaseAll();
        tlcp.received.release();
        tls.received.release();
    }

    @Test
    void refusalsAreLoggedAtMostOncePerInterval() {
        RateLimitedLog limited = new RateLimitedLog(LoggerFactory.getLogger("sslvpn"), () -> now,
                TimeUnit.SECONDS.toNanos(10));
        limited.warn("first");
        limited.warn("second");
        limited.warn("third");
        assertEquals(2, limited.suppressed());
        now += TimeUnit.SECONDS.toNanos(10);
        limited.warn("fourth");
        assertEquals(0, limited.suppressed(), "the count went out with the next line");
        tlcp.received.release();
        tls.received.release();
    }
}
