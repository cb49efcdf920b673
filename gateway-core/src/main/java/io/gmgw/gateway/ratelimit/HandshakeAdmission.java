package io.gmgw.gateway.ratelimit;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Decides whether a new connection may start a handshake, ahead of any byte read or key used: the per-source
 * {@link HandshakeRateLimiter}, a global token bucket over all sources, and a cap on connections that have not yet
 * finished the secure-channel handshake. The per-source limit alone does not bound the whole: a botnet, or one IPv6
 * /48 (65,536 /64s, each its own source), could keep every core busy with SM2 operations or hold every socket in a
 * handshake that never ends.
 *
 * <p>The checks run cheapest and least shareable first: the unauthenticated cap (a refusal costs no token), then the
 * source's bucket (a flooding source is turned away without draining the global bucket for everyone), then the
 * global bucket. Each admitted connection holds one unauthenticated slot until {@link #handshakeEnded()} is called
 * once for it (handshake done or failed, or the connection closed).
 *
 * <p>Time comes from the per-source limiter's ticker. Safe for use from several event loops: one short critical
 * section per connection.
 */
public final class HandshakeAdmission {
    /**
     * The global limits: {@code globalBurst} handshakes at once, then {@code globalPerSecond}, and at most
     * {@code maxUnauthenticated} connections between accept and the end of their handshake.
     */
    public record Limits(double globalPerSecond, int globalBurst, int maxUnauthenticated) {
        /**
         * Sized for the appliance's 2 cores, which do about 1,000 SM2 server handshakes a second between them: 500 a
         * second keeps handshakes to about half the machine, the rest stays with the tunnels already up; a burst of
         * 500 (one second's worth) lets a mass reconnect start at once and a few thousand users back within seconds.
         * 1,024 unauthenticated connections is two seconds of handshakes at that rate (slow mobile links) and bounds
         * the memory of half-open handshakes to some tens of MB.
         */
        public static final Limits DEFAULTS = new Limits(500, 500, 1024);

        public Limits {
            if (!(globalPerSecond > 0) || globalPerSecond > 1_000_000) { // the negation also refuses NaN
                throw new IllegalArgumentException("global handshake rate " + globalPerSecond
                        + " per second is outside (0, 1000000]: give a positive rate such as 500");
            }
            if (globalBurst < 1 || globalBurst > 1_000_000) {
                throw new IllegalArgumentException("global handshake burst " + globalBurst
                        + " is outside 1..1000000: give the number of handshakes all sources may start at once");
            }
            if (maxUnauthenticated < 1 || maxUnauthenticated > 1_000_000) {
                throw new IllegalArgumentException("unauthenticated connection cap " + maxUnauthenticated
                        + " is outside 1..1000000: give the most connections that may be in a handshake at once");
            }
        }
    }

    /** What {@link #tryAdmit} decided; every value but {@link #ADMITTED} means: close the connection now. */
    public enum Verdict {
        ADMITTED,
        /** The source is over its own rate. */
        SOURCE_RATE,
        /** All sources together are over the global rate. */
        GLOBAL_RATE,
        /** Too many connections are still in their handshake. */
        TOO_MANY_UNAUTHENTICATED
    }

    private final HandshakeRateLimiter perSource;
    private final Limits limits;
    private final long costNanos;
    private final long capacityNanos;
    private long tokens;
    private long last;
    private int unauthenticated;
    private long refusedGlobalRate;
    private long refusedUnauthenticated;

    public HandshakeAdmission(HandshakeRateLimiter perSource, Limits limits) {
        this.perSource = Objects.requireNonNull(perSource, "per-source limiter");
        this.limits = Objects.requireNonNull(limits, "limits");
        // Tokens are nanoseconds of credit, as in HandshakeRateLimiter: one handshake costs costNanos.
        this.costNanos = Math.max(1, Math.round(1e9 / limits.globalPerSecond()));
        this.capacityNanos = Math.multiplyExact(costNanos, (long) limits.globalBurst());
        this.tokens = capacityNanos;
        this.last = perSource.ticker().getAsLong();
    }

    /** Admission with the default global limits around {@code perSource}. */
    public static HandshakeAdmission withDefaults(HandshakeRateLimiter perSource) {
        return new HandshakeAdmission(perSource, Limits.DEFAULTS);
    }

    /**
     * Decides for a new connection from {@code source}; when {@link Verdict#ADMITTED} the connection holds an
     * unauthenticated slot that {@link #handshakeEnded()} gives back.
     */
    public synchronized Verdict tryAdmit(InetAddress source) {
        if (unauthenticated >= limits.maxUnauthenticated()) {
            refusedUnauthenticated++;
            return Verdict.TOO_MANY_UNAUTHENTICATED;
        }
        if (!perSource.tryAcquire(source)) {
            return Verdict.SOURCE_RATE;
        }
        long now = perSource.ticker().getAsLong();
        long elapsed = Math.max(0, now - last);
        tokens = Math.min(capacityNanos, tokens + Math.min(elapsed, capacityNanos));
        last = now;
        if (tokens < costNanos) {
            refusedGlobalRate++;
            return Verdict.GLOBAL_RATE;
        }
        tokens -= costNanos;
        unauthenticated++;
        return Verdict.ADMITTED;
    }

    /** Gives back the slot of an admitted connection: call exactly once per {@link Verdict#ADMITTED}. */
    public synchronized void handshakeEnded() {
        if (unauthenticated == 0) {
            throw new IllegalStateException("a handshake ended that was never admitted (released twice?)");
        }
        unauthenticated--;
    }

    /** Connections admitted whose handshake has not ended yet. */
    public synchronized int unauthenticated() {
        return unauthenticated;
    }

    /** Connections refused by the global rate since start. */
    public synchronized long refusedGlobalRate() {
        return refusedGlobalRate;
    }

    /** Connections refused because too many were in a handshake, since start. */
    public synchronized long refusedUnauthenticated() {
        return refusedUnauthenticated;
    }

    /** The per-source limiter inside (its ticker, its counters). */
    public HandshakeRateLimiter perSource() {
        return perSource;
    }

    public Limits limits() {
        return limits;
    }
}
