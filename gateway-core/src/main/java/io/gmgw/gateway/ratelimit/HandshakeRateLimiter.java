package io.gmgw.gateway.ratelimit;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Decides, before any handshake work, whether a new connection from a source may go on: a token bucket per
 * {@link SourcePrefix source} (an IPv4 address, an IPv6 prefix of {@link Limits#ipv6PrefixLength()} bits, /64 by
 * default) that holds {@link Limits#burst()} handshakes and refills at {@link Limits#perSecond()}. The table is
 * bounded ({@link Limits#maxSources()}): a source whose bucket has refilled is the same as an absent one and is
 * dropped as soon as it is idle that long; when the table is full of busy sources the one seen least recently is
 * evicted (it starts again with a full burst, which bounds what it gains: refusing every new source instead would let
 * a flood from many addresses lock everyone else out).
 *
 * <p>Time comes from an injected ticker in nanoseconds ({@code System::nanoTime} in production, a fake in tests).
 * Safe for use from several event loops: one short critical section per connection, as wireguard-go's limiter.
 */
public final class HandshakeRateLimiter {
    /**
     * How many handshakes a source may start: {@code burst} at once, then {@code perSecond}; {@code maxSources} is
     * the table bound; IPv6 sources are one source per prefix of {@code ipv6PrefixLength} bits.
     */
    public record Limits(double perSecond, int burst, int maxSources, int ipv6PrefixLength) {
        /** 20 handshakes a second after a burst of 20, 65,536 sources: a NATed office reconnecting after an outage
         *  gets through within seconds, a single source cannot keep a core busy with SM2 operations. */
        public static final Limits DEFAULTS = new Limits(20, 20, 65_536);

        /** Limits with IPv6 sources grouped by /64. */
        public Limits(double perSecond, int burst, int maxSources) {
            this(perSecond, burst, maxSources, SourcePrefix.DEFAULT_IPV6_PREFIX);
        }

        public Limits {
            if (!(perSecond > 0) || perSecond > 1_000_000) { // the negation also refuses NaN
                throw new IllegalArgumentException("handshake rate " + perSecond
                        + " per second per source is outside (0, 1000000]: give a positive rate such as 20");
            }
            if (burst < 1 || burst > 1_000_000) {
                throw new IllegalArgumentException("handshake burst " + burst
                        + " per source is outside 1..1000000: give the number of handshakes a source may start at once");
            }
            if (maxSources < 1 || maxSources > 16_777_216) {
                throw new IllegalArgumentException("rate-limit table size " + maxSources
                        + " is outside 1..16777216 sources");
            }
            SourcePrefix.checkLength(ipv6PrefixLength);
        }
    }

    private final long costNanos;
    private final long capacityNanos;
    private final int maxSources;
    private final int ipv6PrefixLength;
    private final LongSupplier ticker;
    /** Access order: the least recently seen source first, so idle ones are found at the head. */
    private final LinkedHashMap<SourcePrefix, Bucket> table = new LinkedHashMap<>(16, 0.75f, true);
    private long refused;
    private long evicted;

    /** Tokens are kept as nanoseconds of credit: one handshake costs {@code costNanos}. */
    private static final class Bucket {
        long tokens;
        long last;

        Bucket(long tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    public HandshakeRateLimiter(Limits limits, LongSupplier nanoTicker) {
        Objects.requireNonNull(limits, "limits");
        this.ticker = Objects.requireNonNull(nanoTicker, "ticker");
        this.costNanos = Math.max(1, Math.round(1e9 / limits.perSecond()));
        this.capacityNanos = Math.multiplyExact(costNanos, (long) limits.burst());
        this.maxSources = limits.maxSources();
        this.ipv6PrefixLength = limits.ipv6PrefixLength();
    }

    /** A limiter on the system's monotonic clock. */
    public static HandshakeRateLimiter onSystemTicker(Limits limits) {
        return new HandshakeRateLimiter(limits, System::nanoTime);
    }

    /** The ticker this limiter reads (so that what reports on it uses the same time). */
    public LongSupplier ticker() {
        return ticker;
    }

    /** True when {@code source} may start a handshake now (and counts it); false when it is over its rate. */
    public synchronized boolean tryAcquire(InetAddress source) {
        long now = ticker.getAsLong();
        dropIdle(now);
        SourcePrefix key = SourcePrefix.of(source, ipv6PrefixLength);
        Bucket b = table.get(key);
        if (b == null) {
            if (table.size() >= maxSources) {
                Iterator<Map.Entry<SourcePrefix, Bucket>> eldest = table.entrySet().iterator();
                eldest.next();
                eldest.remove();
                evicted++;
            }
            table.put(key, new Bucket(capacityNanos - costNanos, now));
            return true;
        }
        long elapsed = Math.max(0, now - b.last);
        b.tokens = Math.min(capacityNanos, b.tokens + Math.min(elapsed, capacityNanos));
        b.last = now;
        if (b.tokens >= costNanos) {
            b.tokens -= costNanos;
            return true;
        }
        refused++;
        return false;
    }

    /**
     * Drops the sources idle long enough for a full refill. The table is in access order and every access sets
     * {@code last} from a monotonic ticker, so the idle ones are a prefix: the loop stops at the first busy one.
     */
    private void dropIdle(long now) {
        Iterator<Bucket> it = table.values().iterator();
        while (it.hasNext()) {
            Bucket b = it.next();
            if (now - b.last < capacityNanos) {
                return;
            }
            it.remove();
        }
    }

    /** Sources in the table now (idle ones may still be counted until the next call). */
    public synchronized int sources() {
        return table.size();
    }

    /** Connections refused since start. */
    public synchronized long refused() {
        return refused;
    }

    /** Busy sources evicted because the table was full (a sign of a flood from many addresses). */
    public synchronized long evicted() {
        return evicted;
    }

    /** How long a source that used its whole burst waits for one more handshake. */
    public Duration interval() {
        return Duration.ofNanos(costNanos);
    }
}
