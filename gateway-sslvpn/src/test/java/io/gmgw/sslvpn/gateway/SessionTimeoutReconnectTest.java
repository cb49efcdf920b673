package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.cstp.CstpFrameType;
import io.gmgw.sslvpn.gateway.GatewayHarness.Conn;
import io.gmgw.sslvpn.gateway.GatewayHarness.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The session timeout counts from the login's first tunnel through every reconnect: reconnecting cannot extend it
 * (security review #4). Reconnects are told what is left in X-CSTP-Session-Timeout-Remaining.
 */
class SessionTimeoutReconnectTest {
    private static GatewayHarness harness() {
        return new GatewayHarness(GatewaySettings.builder().sessionTimeout(Duration.ofSeconds(600))
                .dpd(Duration.ofSeconds(3600)).build(), new TestPool(8, false));
    }

    /** Lets time pass in 1 s steps, the tunnel's timers running as they would. */
    private static void pass(GatewayHarness h, Conn c, Duration d) {
        for (long s = 0; s < d.toSeconds(); s++) {
            h.advance(Duration.ofSeconds(1));
            c.runScheduledPendingTasks();
        }
    }

    private static Conn connect(GatewayHarness h, String cookie, String remaining) {
        Conn c = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE, cookie);
        Reply r = c.reply();
        assertEquals(200, r.status(), r::toString);
        assertEquals("600", r.header("X-CSTP-Session-Timeout"));
        assertEquals(remaining, r.header("X-CSTP-Session-Timeout-Remaining"));
        return c;
    }

    @Test
    void reconnectsCannotExtendTheSessionTimeout() {
        GatewayHarness h = harness();
        String cookie = GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE);
        Conn first = connect(h, cookie, "600");
        pass(h, first, Duration.ofSeconds(400));
        // The connection drops (no logout): the client reconnects with the same cookie.
        first.send(GatewayHarness.frame(CstpFrameType.DISCONNECT, new byte[0]));
        first.finishAndReleaseAll();
        pass(h, first, Duration.ofSeconds(10));

        Conn second = connect(h, cookie, "190");
        pass(h, second, Duration.ofSeconds(185));
        assertTrue(second.isActive());
        pass(h, second, Duration.ofSeconds(10));
        assertFalse(second.isActive(), "ends 600 s after the first CONNECT, not after the reconnect");
        assertEquals("session-timeout", h.auditSink.of("sslvpn.session-end").getLast().details().get("reason"));
        second.finishAndReleaseAll();
        assertEquals(0, h.pool.inUse());
    }

    @Test
    void aReconnectAfterTheSessionTimeoutIsRefused() {
        GatewayHarness h = harness();
        String cookie = GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE);
        Conn first = connect(h, cookie, "600");
        pass(h, first, Duration.ofSeconds(590));
        first.send(GatewayHarness.frame(CstpFrameType.DISCONNECT, new byte[0]));
        first.finishAndReleaseAll();
        // Inside the 300 s reconnect window, but past the session timeout.
        h.advance(Duration.ofSeconds(20));
        Conn late = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE, cookie);
        assertEquals("HTTP/1.1 401 Cookie is not acceptable", late.reply().statusLine());
        late.finishAndReleaseAll();
        h.gateway.sweep();
        assertEquals(0, h.pool.inUse(), "the login's address is released once it expired");
    }

    @Test
    void aReconnectPastTheSessionTimeoutIsRefusedEvenBeforeTheOldTunnelNoticed() {
        GatewayHarness h = harness();
        String cookie = GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE);
        Conn first = connect(h, cookie, "600");
        // The old tunnel's timer has not run yet (a tick is due), and the reconnect arrives just past the timeout.
        h.advance(Duration.ofSeconds(601));
        Conn late = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE, cookie);
        assertEquals("HTTP/1.1 401 Cookie is not acceptable", late.reply().statusLine());
        late.finishAndReleaseAll();
        first.runScheduledPendingTasks();
        assertFalse(first.isActive());
        assertEquals("session-timeout", h.auditSink.of("sslvpn.session-end").getLast().details().get("reason"));
        first.finishAndReleaseAll();
    }
}
