package io.gmgw.sslvpn.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.ratelimit.HandshakeRateLimiter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The head of the pipeline: a refused source is closed before anything behind it sees the connection. */
class HandshakeRateLimitHandlerTest {
    private long now;
    private final HandshakeRateLimiter limiter = new HandshakeRateLimiter(
            new HandshakeRateLimiter.Limits(1, 2, 100), () -> now);
    private final HandshakeRateLimitHandler handler = new HandshakeRateLimitHandler(limiter);

    /** Counts the connections that reached the handshake (one counter behind every test channel). */
    @io.netty.channel.ChannelHandler.Sharable
    static final class Behind extends ChannelInboundHandlerAdapter {
        final AtomicInteger active = new AtomicInteger();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active.incrementAndGet();
        }
    }

    /** An embedded channel whose peer is {@code source}. */
    private static EmbeddedChannel from(String source, Object... handlers) throws Exception {
        InetSocketAddress remote = new InetSocketAddress(java.net.InetAddress.getByName(source), 40000);
        EmbeddedChannel ch = new EmbeddedChannel(false, false) {
            @Override
            protected SocketAddress remoteAddress0() {
                return remote;
            }
        };
        for (Object h : handlers) {
            ch.pipeline().addLast((io.netty.channel.ChannelHandler) h);
        }
        ch.register();
        return ch;
    }

    @Test
    void aSourceOverItsBurstIsClosedBeforeTheHandshakeSeesIt() throws Exception {
        Behind behind = new Behind();
        EmbeddedChannel a = from("192.0.2.7", handler, behind);
        EmbeddedChannel b = from("192.0.2.7", handler, behind);
        assertTrue(a.isOpen() && b.isOpen());
        assertNull(a.pipeline().get(HandshakeRateLimitHandler.class), "an admitted connection goes on without it");
        EmbeddedChannel c = from("192.0.2.7", handler, behind);
        assertFalse(c.isOpen(), "the third within the burst window is refused");
        assertEquals(2, behind.active.get(), "the refused one never reached the handshake");
        EmbeddedChannel other = from("2001:db8::7", handler, behind);
        assertTrue(other.isOpen(), "another source is not affected");
        now += TimeUnit.SECONDS.toNanos(1);
        EmbeddedChannel d = from("192.0.2.7", handler, behind);
        assertTrue(d.isOpen(), "a second later one more handshake is allowed");
        assertEquals(1, limiter.refused());
        for (EmbeddedChannel ch : new EmbeddedChannel[] {a, b, c, other, d}) {
            assertFalse(ch.finishAndReleaseAll());
        }
    }
}
