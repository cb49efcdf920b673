package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gmgw.sslvpn.cstp.CstpFrameType;
import io.gmgw.sslvpn.gateway.GatewayHarness.Conn;
import io.gmgw.sslvpn.gateway.GatewayHarness.Frame;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The tunnel's timers on the fake ticker (cstp.md §8), graceful ends (server stop, operator), and backpressure toward
 * a slow client.
 */
class GatewayTimersTest {
    private static Conn open(GatewayHarness h) {
        Conn c = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE,
                GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE));
        assertEquals(200, c.reply().status());
        return c;
    }

    /** Lets time pass in 1 s steps, the timers running as they would. */
    private static void pass(GatewayHarness h, Conn c, Duration d) {
        for (long s = 0; s < d.toSeconds(); s++) {
            h.advance(Duration.ofSeconds(1));
            c.runScheduledPendingTasks();
        }
    }

    @Test
    void aSilentClientIsProbedAfterTwoDpdAndDroppedAfterThree() {
        GatewayHarness h = new GatewayHarness();
        Conn c = open(h);
        pass(h, c, Duration.ofSeconds(175));
        assertTrue(c.frames().isEmpty());
        pass(h, c, Duration.ofSeconds(5));
        List<Frame> probe = c.frames();
        assertEquals(1, probe.size());
        assertEquals(CstpFrameType.DPD_REQUEST, probe.getFirst().type());

        // Any frame is a sign of life: the client's DPD-RESP resets the count.
        c.send(GatewayHarness.frame(CstpFrameType.DPD_RESPONSE, new byte[0]));
        pass(h, c, Duration.ofSeconds(170));
        assertTrue(c.isActive());
        assertTrue(c.frames().isEmpty());
        pass(h, c, Duration.ofSeconds(95));
        List<Frame> probes = c.frames();
        assertEquals(List.of(CstpFrameType.DPD_REQUEST, CstpFrameType.DPD_REQUEST),
                probes.stream().map(Frame::type).toList(), "probed at 2 x DPD, again DPD/2 later");
        assertTrue(c.isActive());
        pass(h, c, Duration.ofSeconds(5));
        assertFalse(c.isActive(), "3 × 90 s without a frame");
        assertEquals("dpd-timeout", h.auditSink.of("sslvpn.session-end").getFirst().details().get("reason"));
        c.finishAndReleaseAll();
        assertEquals(1, h.pool.inUse(), "a dead peer may come back: the login and its address stay");
    }

    @Test
    void idleTimeoutCountsDataOnlyAndTellsTheClient() {
        GatewayHarness h = new GatewayHarness(GatewaySettings.builder().idleTimeout(Duration.ofSeconds(60)).build(),
                new TestPool(8, false));
        Conn c = open(h);
        pass(h, c, Duration.ofSeconds(50));
        c.send(GatewayHarness.frame(CstpFrameType.DATA, GatewayHarness.ipv4("192.168.99.2", "10.20.1.1", 10)));
        pass(h, c, Duration.ofSeconds(50));
        String id = h.gateway.sessions().list().getFirst().id();
        h.packets.receivers.get(id).send(Unpooled.wrappedBuffer(GatewayHarness.ipv4("10.20.1.1", "192.168.99.2", 8)));
        c.runPendingTasks();
        assertEquals(CstpFrameType.DATA, c.frames().getFirst().type());
        pass(h, c, Duration.ofSeconds(50));
        c.send(GatewayHarness.frame(CstpFrameType.KEEPALIVE, new byte[0]));
        c.send(GatewayHarness.frame(CstpFrameType.DPD_REQUEST, new byte[0]));
        c.frames();
        pass(h, c, Duration.ofSeconds(10));
        List<Frame> last = c.frames();
        assertEquals(CstpFrameType.TERMINATE, last.getLast().type(), "the client is told, so it does not reconnect");
        assertFalse(c.isActive());
        assertEquals("idle-timeout", h.auditSink.of("sslvpn.session-end").getFirst().details().get("reason"));
        assertEquals(0, h.pool.inUse(), "an idle timeout ends the login");
        c.finishAndReleaseAll();
    }

    @Test
    void theSessionTimeoutEndsTheSessionWhateverItsTraffic() {
        GatewayHarness h = new GatewayHarness(
                GatewaySettings.builder().sessionTimeout(Duration.ofSeconds(3600)).build(), new TestPool(8, false));
        Conn c = open(h);
        for (int i = 0; i < 71; i++) {
            c.send(GatewayHarness.frame(CstpFrameType.DATA, GatewayHarness.ipv4("192.168.99.2", "10.20.1.1", 1)));
            pass(h, c, Duration.ofSeconds(50));
        }
        assertTrue(c.isActive());
        pass(h, c, Duration.ofSeconds(50));
        assertFalse(c.isActive());
        assertEquals("session-timeout", h.auditSink.of("sslvpn.session-end").getFirst().details().get("reason"));
        assertEquals("3600", h.auditSink.of("sslvpn.session-end").getFirst().details().get("durationSeconds"));
        c.finishAndReleaseAll();
    }

    @Test
    void scheduledSweepsReleaseTheLeasesOfExpiredLoginsAndSaySo() {
        GatewayHarness h = new GatewayHarness();
        Conn c = open(h);
        c.send(GatewayHarness.frame(CstpFrameType.DISCONNECT, new byte[0]));
        c.finishAndReleaseAll();
        assertEquals(1, h.pool.inUse());
        Conn loop = h.connect("198.51.100.8", GatewayExchangeTest.ALICE);
        java.util.concurrent.ScheduledFuture<?> sweeps = h.gateway.scheduleSweeps(loop.eventLoop());
        ListAppender<ILoggingEvent> cstp = new ListAppender<>();
        cstp.start();
        Logger logger = (Logger) LoggerFactory.getLogger("cstp");
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addAppender(cstp);
        try {
            pass(h, loop, Duration.ofSeconds(295));
            assertEquals(1, h.pool.inUse(), "inside the reconnect window");
            assertTrue(cstp.list.stream().noneMatch(e -> e.getFormattedMessage().contains("expired")));
            pass(h, loop, Duration.ofSeconds(10));
            assertEquals(0, h.pool.inUse());
            // the other half of a session's end without a logout: when its addresses come back (topology DPD test)
            List<String> expired = cstp.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("expired")).toList();
            assertEquals(1, expired.size(), expired::toString);
            assertTrue(expired.getFirst().matches("cstp: login of 'alice' \\(cookie [0-9a-f]{12}\\) expired: "
                    + "addresses \\S+/\\d+.* back in the pool"), expired.getFirst());
        } finally {
            logger.detachAppender(cstp);
            logger.setLevel(level);
            sweeps.cancel(false);
        }
        loop.finishAndReleaseAll();
    }

    @Test
    void stopTellsEveryClientAndRefusesNewLogins() {
        GatewayHarness h = new GatewayHarness();
        Conn c = open(h);
        CompletableFuture<Void> stopped = h.gateway.stop();
        List<Frame> frames = c.frames();
        assertEquals(CstpFrameType.TERMINATE, frames.getLast().type());
        assertFalse(c.isActive());
        assertTrue(stopped.isDone());
        assertEquals("server-stop", h.auditSink.of("sslvpn.session-end").getFirst().details().get("reason"));
        c.finishAndReleaseAll();

        Conn late = h.connect("198.51.100.7", GatewayExchangeTest.ALICE);
        late.send(GatewayHarness.init("/", null));
        GatewayHarness.Reply r = late.reply();
        assertEquals(503, r.status());
        assertEquals("the gateway is shutting down", r.header("X-Reason"));
        late.finishAndReleaseAll();
    }

    @Test
    void anOperatorDisconnectEndsTheLogin() {
        GatewayHarness h = new GatewayHarness();
        Conn c = open(h);
        String id = h.gateway.sessions().list().getFirst().id();
        assertFalse(h.gateway.disconnect("no-such-session"));
        assertTrue(h.gateway.disconnect(id));
        assertEquals(CstpFrameType.TERMINATE, c.frames().getLast().type());
        assertFalse(c.isActive());
        assertEquals(0, h.pool.inUse());
        c.finishAndReleaseAll();
    }

    @Test
    void aSlowClientFillsOnlyItsOwnBoundedQueue() {
        GatewayHarness h = new GatewayHarness(GatewaySettings.builder().outboundQueuePackets(4).build(),
                new TestPool(8, false));
        Conn slow = open(h);
        Conn fast = GatewayExchangeTest.tunnel(h, GatewayNegativeTest.BOB,
                GatewayExchangeTest.login(h, GatewayNegativeTest.BOB));
        fast.reply();
        List<SessionInfo> sessions = h.gateway.sessions().list();
        String slowId = sessions.stream().filter(s -> s.user().equals("alice")).findFirst().orElseThrow().id();
        String fastId = sessions.stream().filter(s -> s.user().equals("bob")).findFirst().orElseThrow().id();

        slow.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        for (int i = 0; i < 10; i++) {
            h.packets.receivers.get(slowId).send(Unpooled.wrappedBuffer(
                    GatewayHarness.ipv4("10.20.1.1", "192.168.99.2", i)));
            h.packets.receivers.get(fastId).send(Unpooled.wrappedBuffer(
                    GatewayHarness.ipv4("10.20.1.1", "192.168.99.3", i)));
            slow.runPendingTasks();
            fast.runPendingTasks();
        }
        assertEquals(10, fast.framesOneByOne().size(), "the other tunnel is not held up");
        assertTrue(slow.frames().isEmpty());
        assertEquals(6, h.gateway.sessions().find(slowId).orElseThrow().dropsOut(), "beyond 4 queued: dropped");

        slow.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        slow.runPendingTasks();
        List<Frame> drained = slow.framesOneByOne();
        assertEquals(4, drained.size());
        assertEquals(28, drained.getFirst().payload().length, "oldest first");
        slow.finishAndReleaseAll();
        fast.finishAndReleaseAll();
    }
}
