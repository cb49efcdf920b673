package io.gmgw.sslvpn.client;

import java.time.Duration;

/**
 * The client's tunnel timers as openconnect runs them (cstp.md §8), sans-I/O: the caller reports what it received
 * and sent with a monotonic time in nanoseconds, asks {@link #poll(long)} what to do now and {@link #nextDeadline()}
 * when to ask again.
 * <ul>
 * <li>DPD: a DPD request when nothing was received for {@code dpd}; while one is unanswered, another every
 * {@code dpd/2}; nothing received for {@code 2×dpd}: the peer is dead (the client reconnects, §9).</li>
 * <li>Keepalive: a KEEPALIVE after {@code keepalive} without sending anything.</li>
 * <li>Rekey: after {@code rekey} since the tunnel came up, a new tunnel with the same cookie (openconnect's
 * {@code new-tunnel}; TLCP renegotiation is not used, §8).</li>
 * </ul>
 * Any received frame counts as a sign of life (openconnect's {@code last_rx}).
 */
public final class ClientTimers {
    /** What the tunnel must do now. */
    public enum Action { NONE, SEND_DPD_REQUEST, SEND_KEEPALIVE, DEAD_PEER, REKEY }

    private final long dpd;
    private final long keepalive;
    private final long rekeyAt;
    private long lastReceived;
    private long lastSent;
    private long lastDpdRequest;
    private boolean dpdOutstanding;

    /** {@code dpd}, {@code keepalive} or {@code rekey} zero: that timer is off. */
    public ClientTimers(Duration dpd, Duration keepalive, Duration rekey, long now) {
        if (dpd.isNegative() || keepalive.isNegative() || rekey.isNegative()) {
            throw new IllegalArgumentException("timer intervals cannot be negative");
        }
        this.dpd = dpd.toNanos();
        this.keepalive = keepalive.toNanos();
        this.rekeyAt = rekey.isZero() ? Long.MAX_VALUE : now + rekey.toNanos();
        this.lastReceived = now;
        this.lastSent = now;
    }

    public void received(long now) {
        lastReceived = now;
        dpdOutstanding = false;
    }

    public void sent(long now) {
        lastSent = now;
    }

    /**
     * The one thing to do now; call again after acting on it (a DPD request sent counts as sending, so no keepalive
     * follows it).
     */
    public Action poll(long now) {
        if (rekeyAt != Long.MAX_VALUE && now - rekeyAt >= 0) {
            return Action.REKEY;
        }
        if (dpd > 0) {
            if (now - lastReceived >= 2 * dpd) {
                return Action.DEAD_PEER;
            }
            if (now - lastReceived >= dpd && (!dpdOutstanding || now - lastDpdRequest >= dpd / 2)) {
                dpdOutstanding = true;
                lastDpdRequest = now;
                return Action.SEND_DPD_REQUEST;
            }
        }
        if (keepalive > 0 && now - lastSent >= keepalive) {
            return Action.SEND_KEEPALIVE;
        }
        return Action.NONE;
    }

    /** The time at which {@link #poll(long)} has something to do next, or {@link Long#MAX_VALUE} if never. */
    public long nextDeadline() {
        long next = rekeyAt;
        if (dpd > 0) {
            next = Math.min(next, dpdOutstanding ? Math.min(lastDpdRequest + dpd / 2, lastReceived + 2 * dpd)
                    : lastReceived + dpd);
        }
        if (keepalive > 0) {
            next = Math.min(next, lastSent + keepalive);
        }
        return next;
    }
}
