package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.cstp.CstpFrameType;
import io.gmgw.sslvpn.gateway.CstpSession.FrameAction;
import io.gmgw.sslvpn.gateway.CstpSession.TickAction;
import org.junit.jupiter.api.Test;

/** The sans-I/O session core: decisions per frame type and the timer rules of cstp.md §5, §8, §10. */
class CstpSessionTest {
    private static final long S = 1_000_000_000L;

    @Test
    void framesMapToActions() {
        CstpSession s = new CstpSession(90 * S, 0, 0, 0);
        assertEquals(FrameAction.DELIVER, s.onFrame(CstpFrameType.DATA, 0x45, 20, S));
        assertEquals(FrameAction.IGNORE, s.onFrame(CstpFrameType.DATA, -1, 0, S), "an empty DATA frame");
        assertEquals(FrameAction.ANSWER_DPD, s.onFrame(CstpFrameType.DPD_REQUEST, -1, 0, S));
        assertEquals(FrameAction.IGNORE, s.onFrame(CstpFrameType.DPD_RESPONSE, -1, 0, S));
        assertEquals(FrameAction.IGNORE, s.onFrame(CstpFrameType.KEEPALIVE, -1, 0, S));
        assertEquals(FrameAction.END, s.onFrame(CstpFrameType.DISCONNECT, 0xB0, 18, S));
        assertEquals(EndReason.LOGOUT, s.endReason());
        assertEquals(FrameAction.IGNORE, s.onFrame(CstpFrameType.DATA, 0x45, 20, S), "nothing after the end");
    }

    @Test
    void aDisconnectKeepsTheReasonTheClientGaveMadePrintableAndShort() {
        CstpSession bye = new CstpSession(90 * S, 0, 0, 0);
        assertEquals(FrameAction.END, bye.onDisconnect(0xB0, "the smart key was removed", S));
        assertEquals(EndReason.LOGOUT, bye.endReason());
        assertEquals("the client logged out (DISCONNECT 0xB0): the smart key was removed", bye.endDetail());
        assertEquals(FrameAction.IGNORE, bye.onDisconnect(0xB0, "again", 2 * S), "once closed, nothing more");

        CstpSession forged = new CstpSession(90 * S, 0, 0, 0);
        forged.onDisconnect(0x01, "bye\n2026-12-07 INFO cstp: forged\u2028line\u0000" + "x".repeat(300), S);
        assertEquals(EndReason.CLIENT_DISCONNECT, forged.endReason());
        String detail = forged.endDetail();
        assertTrue(detail.startsWith("the client disconnected without logging out: bye?2026-12-07 INFO cstp: forged"
                + "?line?x"), detail);
        assertEquals(CstpSession.MAX_CLIENT_REASON, detail.length() - detail.indexOf(": ") - 2, detail);

        CstpSession silent = new CstpSession(90 * S, 0, 0, 0);
        silent.onDisconnect(0xB0, "", S);
        assertEquals("the client logged out (DISCONNECT 0xB0)", silent.endDetail());
    }

    @Test
    void disconnectWithoutB0KeepsTheLoginAndServerFramesAreErrors() {
        CstpSession empty = new CstpSession(90 * S, 0, 0, 0);
        empty.onFrame(CstpFrameType.DISCONNECT, -1, 0, 0);
        assertEquals(EndReason.CLIENT_DISCONNECT, empty.endReason());
        CstpSession other = new CstpSession(90 * S, 0, 0, 0);
        other.onFrame(CstpFrameType.DISCONNECT, 0x01, 4, 0);
        assertEquals(EndReason.CLIENT_DISCONNECT, other.endReason());
        CstpSession term = new CstpSession(90 * S, 0, 0, 0);
        term.onFrame(CstpFrameType.TERMINATE, -1, 0, 0);
        assertEquals(EndReason.PROTOCOL_ERROR, term.endReason());
        CstpSession comp = new CstpSession(90 * S, 0, 0, 0);
        comp.onFrame(CstpFrameType.COMPRESSED, 1, 1, 0);
        assertEquals(EndReason.PROTOCOL_ERROR, comp.endReason());
    }

    @Test
    void dpdProbesAtTwiceAndEndsAtThriceTheInterval() {
        CstpSession s = new CstpSession(10 * S, 0, 0, 0);
        assertEquals(TickAction.NONE, s.onTick(19 * S));
        assertEquals(TickAction.SEND_DPD, s.onTick(20 * S));
        assertEquals(TickAction.NONE, s.onTick(24 * S), "not again before DPD/2");
        assertEquals(TickAction.SEND_DPD, s.onTick(25 * S));
        assertEquals(TickAction.END, s.onTick(30 * S));
        assertEquals(EndReason.DPD_TIMEOUT, s.endReason());
    }

    @Test
    void idleCountsDataEitherWayAndSessionTimeoutCountsFromTheStart() {
        CstpSession s = new CstpSession(1000 * S, 60 * S, 200 * S, 0);
        s.onFrame(CstpFrameType.KEEPALIVE, -1, 0, 50 * S);
        s.onDataSent(40 * S);
        assertEquals(TickAction.NONE, s.onTick(99 * S));
        assertEquals(TickAction.END, s.onTick(100 * S));
        assertEquals(EndReason.IDLE_TIMEOUT, s.endReason());

        CstpSession t = new CstpSession(1000 * S, 0, 200 * S, 0);
        t.onFrame(CstpFrameType.DATA, 0x45, 20, 199 * S);
        assertEquals(TickAction.END, t.onTick(200 * S));
        assertEquals(EndReason.SESSION_TIMEOUT, t.endReason());
        t.end(EndReason.ADMIN_DISCONNECT, "later");
        assertEquals(EndReason.SESSION_TIMEOUT, t.endReason(), "the first reason stays");
    }
}
