package io.gmgw.sslvpn.gateway;

import io.gmgw.sslvpn.cstp.CstpFrameType;

/**
 * The server side of one CSTP tunnel as a sans-I/O state machine: frames and ticks in (with the ticker's time, in
 * nanoseconds), decisions out; no buffers, no channel, no clock. {@link CstpTunnelHandler} carries out what it decides.
 *
 * <p>Timers follow ocserv 1.1.6 (cstp.md §8): any frame from the client counts as alive; nothing for 2×DPD → the
 * server probes with a DPD-REQ; nothing for 3×DPD → the session ends. Idle time counts DATA only, either direction;
 * the session timeout counts from the login's first tunnel. Not thread-safe: one event loop drives it.
 */
public final class CstpSession {
    /** One state, one transition point ({@link #end}): once closed, nothing more happens. */
    public enum State { OPEN, CLOSED }

    /** What to do with a received frame. */
    public enum FrameAction {
        /** A packet for the data plane. */
        DELIVER,
        /**
         * Answer with DPD-RESP (§5: ocserv echoes the payload, openconnect answers empty; both are accepted), when the
         * connection can take it: the client repeats an unanswered DPD-REQ every dpd/2.
         */
        ANSWER_DPD,
        /** Nothing to do (DPD-RESP, KEEPALIVE: liveness only; §5 says never answer a keepalive). */
        IGNORE,
        /** The session ends; see {@link #endReason()}. */
        END
    }

    /** What a tick asks for. */
    public enum TickAction { NONE, SEND_DPD, END }

    /** The 0xB0 first payload byte of a client's DISCONNECT: a logout (§10). */
    public static final int LOGOUT_CODE = 0xB0;
    /** Most characters kept of the reason a client gives in its DISCONNECT. */
    public static final int MAX_CLIENT_REASON = 128;

    private final long dpdNanos;
    private final long idleNanos;
    private final long sessionNanos;
    private final long sessionStart;
    private final long started;
    private State state = State.OPEN;
    private long lastReceived;
    private long lastData;
    private long probeSentAt;
    private boolean probing;
    private EndReason endReason;
    private String endDetail;

    /**
     * @param dpdNanos     the DPD interval told to the client
     * @param idleNanos    idle timeout, 0 = none
     * @param sessionNanos session timeout, 0 = none
     * @param now          the ticker's time at the start
     */
    public CstpSession(long dpdNanos, long idleNanos, long sessionNanos, long now) {
        this(dpdNanos, idleNanos, sessionNanos, now, now);
    }

    /**
     * A tunnel of a login whose session began earlier (a reconnect): the session timeout counts from
     * {@code sessionStart}, the login's first CONNECT, so reconnecting never extends it.
     */
    public CstpSession(long dpdNanos, long idleNanos, long sessionNanos, long sessionStart, long now) {
        if (dpdNanos <= 0) {
            throw new IllegalArgumentException("dpd must be positive");
        }
        this.dpdNanos = dpdNanos;
        this.idleNanos = idleNanos;
        this.sessionNanos = sessionNanos;
        this.sessionStart = sessionStart;
        this.started = now;
        this.lastReceived = now;
        this.lastData = now;
    }

    /**
     * A frame from the client.
     *
     * @param firstPayloadByte the payload's first byte, or -1 when it is empty (DISCONNECT's 0xB0 test)
     * @param payloadLength    the payload's length
     */
    public FrameAction onFrame(CstpFrameType type, int firstPayloadByte, int payloadLength, long now) {
        if (state == State.CLOSED) {
            return FrameAction.IGNORE;
        }
        lastReceived = now;
        probing = false;
        return switch (type) {
            case DATA -> {
                if (payloadLength == 0) {
                    yield FrameAction.IGNORE;
                }
                lastData = now;
                yield FrameAction.DELIVER;
            }
            case DPD_REQUEST -> FrameAction.ANSWER_DPD;
            case DPD_RESPONSE, KEEPALIVE -> FrameAction.IGNORE;
            case DISCONNECT -> disconnect(firstPayloadByte, "");
            case COMPRESSED -> end(EndReason.PROTOCOL_ERROR,
                    "COMPRESSED frame, but compression was refused at CONNECT (§6)");
            case TERMINATE -> end(EndReason.PROTOCOL_ERROR, "TERMINATE is a server's frame, not a client's");
        };
    }

    /**
     * A DISCONNECT and the text the client gave after its first payload byte (§5, §10: openconnect sends "Aborted by
     * caller", gmgw connect "the smart key was removed"), which goes into the end detail, so the gateway's log and its
     * {@code sslvpn.session-end} record say why the client left. The text is the peer's: control characters become
     * '?', at most {@value #MAX_CLIENT_REASON} characters are kept.
     */
    public FrameAction onDisconnect(int firstPayloadByte, String clientReason, long now) {
        if (state == State.CLOSED) {
            return FrameAction.IGNORE;
        }
        lastReceived = now;
        return disconnect(firstPayloadByte, clientReason);
    }

    private FrameAction disconnect(int firstPayloadByte, String clientReason) {
        String text = printable(clientReason);
        String because = text.isEmpty() ? "" : ": " + text;
        return firstPayloadByte == LOGOUT_CODE
                ? end(EndReason.LOGOUT, "the client logged out (DISCONNECT 0xB0)" + because)
                : end(EndReason.CLIENT_DISCONNECT, "the client disconnected without logging out" + because);
    }

    /** The peer's text made safe for one log line and an audit field. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(MAX_CLIENT_REASON).forEach(c -> b.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '?' : c));
        return b.toString().strip();
    }

    /** The gateway sent a DATA frame (outbound data counts against the idle timeout too). */
    public void onDataSent(long now) {
        if (state == State.OPEN) {
            lastData = now;
        }
    }

    /** A timer tick. */
    public TickAction onTick(long now) {
        if (state == State.CLOSED) {
            return TickAction.NONE;
        }
        if (sessionNanos > 0 && now - sessionStart >= sessionNanos) {
            end(EndReason.SESSION_TIMEOUT, "session timeout of " + seconds(sessionNanos) + " s reached");
            return TickAction.END;
        }
        if (idleNanos > 0 && now - lastData >= idleNanos) {
            end(EndReason.IDLE_TIMEOUT, "no data for " + seconds(now - lastData) + " s (idle timeout "
                    + seconds(idleNanos) + " s)");
            return TickAction.END;
        }
        long quiet = now - lastReceived;
        if (quiet >= 3 * dpdNanos) {
            end(EndReason.DPD_TIMEOUT, "nothing from the client for " + seconds(quiet) + " s (3 x DPD "
                    + seconds(dpdNanos) + " s)");
            return TickAction.END;
        }
        if (quiet >= 2 * dpdNanos && (!probing || now - probeSentAt >= dpdNanos / 2)) {
            probing = true;
            probeSentAt = now;
            return TickAction.SEND_DPD;
        }
        return TickAction.NONE;
    }

    /**
     * Ends the session for {@code reason} (a decision from outside: server stop, operator, connection lost). Returns
     * {@link FrameAction#END}; a second end keeps the first reason.
     */
    public FrameAction end(EndReason reason, String detail) {
        if (state == State.OPEN) {
            state = State.CLOSED;
            endReason = reason;
            endDetail = detail;
        }
        return FrameAction.END;
    }

    public State state() {
        return state;
    }

    public EndReason endReason() {
        return endReason;
    }

    public String endDetail() {
        return endDetail;
    }

    public long started() {
        return started;
    }

    private static long seconds(long nanos) {
        return nanos / 1_000_000_000L;
    }
}
