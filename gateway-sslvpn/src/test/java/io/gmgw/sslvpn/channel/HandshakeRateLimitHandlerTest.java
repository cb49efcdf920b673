package io.gmgw.sslvpn.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.ratelimit.HandshakeAdmission;
import io.gmgw.gateway.ratelimit.HandshakeRateLimiter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The head of the pipeline: a refused source, or any source while all together are over the global rate or too many
 * connections are in their handshake, is closed before anything behind it sees the connection.
 */
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

    /** A listener's admission on this test's ticker: generous per source, tight globally. */
    private HandshakeRateLimitHandler admitting(HandshakeAdmission admission) {
        return new HandshakeRateLimitHandler(admission);
    }

    private HandshakeAdmission admission(double globalPerSecond, int globalBurst, int maxUnauthenticated) {
        return new HandshakeAdmission(new HandshakeRateLimiter(new HandshakeRateLimiter.Limits(100, 100, 1 << 20),
                () -> now), new HandshakeAdmission.Limits(globalPerSecond, globalBurst, maxUnauthenticated));
    }

    @Test
    void manyIpv6Slash64sOfOneSlash48AreBoundedByTheGlobalRate() throws Exception {
        HandshakeAdmission admission = admission(10, 3, 1000);
        HandshakeRateLimitHandler gate = admitting(admission);
        Behind behind = new Behind();
        java.util.List<EmbeddedChannel> channels = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            channels.add(from("2001:db8:7:" + Integer.toHexString(i) + "::1", gate, behind));
        }
        assertEquals(3, behind.active.get(), "the global burst reached the handshake, not 200 new sources");
        assertEquals(197, admission.refusedGlobalRate());
        now += TimeUnit.MILLISECONDS.toNanos(100);
        channels.add(from("2001:db8:7:ffff::1", gate, behind));
        assertEquals(4, behind.active.get(), "one token a 100 ms later");
        for (EmbeddedChannel ch : channels) {
            assertFalse(ch.finishAndReleaseAll());
        }
        assertEquals(0, admission.unauthenticated(), "every closed connection gave its slot back");
    }

    @Test
    void connectionsInTheirHandshakeAreCappedAndTheEventOrACloseGivesTheSlotBack() throws Exception {
        HandshakeAdmission admission = admission(1000, 1000, 2);
        HandshakeRateLimitHandler gate = admitting(admission);
        Behind behind = new Behind();
        EmbeddedChannel a = from("192.0.2.1", gate, HandshakeEndHandler.INSTANCE, behind);
        EmbeddedChannel b = from("192.0.2.2", gate, HandshakeEndHandler.INSTANCE, behind);
        EmbeddedChannel refused = from("192.0.2.3", gate, HandshakeEndHandler.INSTANCE, behind);
        assertFalse(refused.isOpen(), "a third connection while two are in their handshake is refused");
        assertEquals(2, admission.unauthenticated());
        assertEquals(1, admission.refusedUnauthenticated());

        a.pipeline().fireUserEventTriggered(SecureChannelEvent.failed(new javax.net.ssl.SSLException("test")));
        assertEquals(1, admission.unauthenticated(), "the handshake's end gives the slot back");
        assertNull(a.pipeline().get(HandshakeEndHandler.class), "and the watcher leaves");
        EmbeddedChannel c = from("192.0.2.3", gate, HandshakeEndHandler.INSTANCE, behind);
        assertTrue(c.isOpen());
        b.close();
        assertEquals(1, admission.unauthenticated(), "a close in the handshake gives the slot back");
        a.close();
        assertEquals(1, admission.unauthenticated(), "a close after the event gives nothing back twice");
        c.close();
        assertEquals(0, admission.unauthenticated());
        for (EmbeddedChannel ch : new EmbeddedChannel[] {a, b, c, refused}) {
            assertFalse(ch.finishAndReleaseAll());
        }
    }
}
