package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.GatewayException;
import io.gmgw.sslvpn.gateway.GatewayHarness.Conn;
import io.gmgw.sslvpn.gateway.GatewayHarness.Reply;
import org.junit.jupiter.api.Test;

/**
 * A CONNECT that fails inside the gateway (the data path refuses the addresses, the pool is misconfigured) leaves
 * nothing behind: no ghost session, no held cookie, no leaked lease (security review #3).
 */
class ConnectFailureCleanupTest {
    private static void assertNothingLeft(GatewayHarness h) {
        assertTrue(h.gateway.sessions().list().isEmpty(), "no ghost session");
        assertEquals(0, h.pool.inUse(), "the lease taken for the CONNECT is released");
        assertTrue(h.packets.receivers.isEmpty(), "nothing routed");
        assertEquals(java.util.List.of("failure"), h.auditSink.of("sslvpn.session-start").stream()
                .map(e -> e.outcome().id()).toList(), "one refusal, no start");
    }

    private static void refusedThenRetried(GatewayHarness h, RuntimeException failure, String reason) {
        String cookie = GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE);
        h.packets.refuse = failure;
        Conn c = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE, cookie);
        Reply r = c.reply();
        assertEquals(503, r.status(), r::toString);
        assertTrue(r.header("X-Reason").contains(reason), r.header("X-Reason"));
        assertFalse(c.isActive());
        c.finishAndReleaseAll();
        assertNothingLeft(h);

        // The cookie is not held by the failed attempt: once the data path works, the same cookie opens the tunnel.
        h.packets.refuse = null;
        Conn again = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE, cookie);
        assertEquals(200, again.reply().status());
        String id = h.gateway.sessions().list().getFirst().id();
        assertTrue(h.gateway.disconnect(id));
        again.runPendingTasks();
        assertFalse(again.isActive());
        again.finishAndReleaseAll();
        assertTrue(h.gateway.sessions().list().isEmpty());
    }

    @Test
    void aPacketPathThatThrowsRefusesTheConnectAndUndoesIt() {
        GatewayHarness h = new GatewayHarness();
        refusedThenRetried(h, new IllegalStateException("TUN device gone"), "TUN device gone");
    }

    @Test
    void anAddressConflictRefusesTheConnectAndUndoesIt() {
        GatewayHarness h = new GatewayHarness();
        refusedThenRetried(h, new GatewayException(GatewayException.Kind.STATE,
                "192.168.99.2 is routed to another session"), "192.168.99.2 is routed to another session");
    }

    @Test
    void aPoolWithoutConfigurationRefusesTheConnectAndReleasesTheCookie() {
        TestPool broken = new TestPool(8, true) {
            @Override
            public synchronized Lease lease(String identityKey, String group, String holder) {
                throw new GatewayException(GatewayException.Kind.CONFIG, "group '" + group + "' has no pool");
            }
        };
        GatewayHarness h = new GatewayHarness(GatewaySettings.builder().build(), broken);
        String cookie = GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE);
        Conn c = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE, cookie);
        Reply r = c.reply();
        assertEquals(503, r.status(), r::toString);
        assertTrue(r.header("X-Reason").contains("has no pool"), r.header("X-Reason"));
        c.finishAndReleaseAll();
        assertNothingLeft(h);
    }

    @Test
    void disconnectingATunnelThatNeverOpenedIsHarmless() {
        GatewayHarness h = new GatewayHarness();
        assertFalse(h.gateway.disconnect("0000000000000000"));
    }
}
