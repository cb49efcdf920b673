package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.cstp.CstpFrameType;
import io.gmgw.sslvpn.gateway.GatewayHarness.Conn;
import io.gmgw.sslvpn.gateway.GatewayHarness.Reply;
import org.junit.jupiter.api.Test;

/** A reconnect that is refused leaves the tunnel it would have replaced working (security review #10). */
class RefusedReconnectTest {
    @Test
    void aRefusedReconnectDoesNotEndTheWorkingTunnel() {
        GatewayHarness h = new GatewayHarness();
        String cookie = GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE);
        Conn working = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE, cookie);
        assertEquals(200, working.reply().status());
        String id = h.gateway.sessions().list().getFirst().id();

        // The reconnect fails inside the gateway (its data path refuses): 503, and the old tunnel goes on.
        h.packets.refuse = new IllegalStateException("TUN device busy");
        Conn reconnect = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE, cookie);
        Reply r = reconnect.reply();
        assertEquals(503, r.status(), r::toString);
        reconnect.finishAndReleaseAll();
        h.packets.refuse = null;
        working.runPendingTasks();
        assertTrue(working.isActive(), "the working tunnel is not closed by a reconnect that failed");
        assertEquals(java.util.List.of(id), h.gateway.sessions().list().stream().map(SessionInfo::id).toList());
        assertTrue(h.auditSink.of("sslvpn.session-end").isEmpty());
        assertEquals(1, h.pool.inUse(), "its lease stays");
        assertTrue(h.packets.receivers.containsKey(id), "its addresses stay routed to it");

        // It still carries traffic, and still ends the login normally.
        byte[] packet = GatewayHarness.ipv4("192.168.99.2", "10.20.1.1", 20);
        working.send(GatewayHarness.frame(CstpFrameType.DATA, packet));
        assertEquals(1, h.packets.delivered.size());
        working.send(GatewayHarness.frame(CstpFrameType.DISCONNECT, new byte[] {(byte) 0xb0}));
        assertFalse(working.isActive());
        working.finishAndReleaseAll();
        assertEquals(0, h.pool.inUse());
    }
}
