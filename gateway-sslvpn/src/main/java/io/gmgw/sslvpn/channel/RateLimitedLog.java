package io.gmgw.sslvpn.channel;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * At most one log line per interval for a kind of event that a flood can repeat by the thousand (refused
 * connections, garbage on the port): the first one is logged, the rest are counted and the count rides on the next
 * line. Safe for use from several event loops.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final LongSupplier ticker;
    private final long intervalNanos;
    private long nextNanos;
    private boolean first = true;
    private long suppressed;

    public RateLimitedLog(Logger log, LongSupplier nanoTicker, long intervalNanos) {
        this.log = log;
        this.ticker = nanoTicker;
        this.intervalNanos = intervalNanos;
    }

    /** Logs {@code message} (a WARN line) unless a line went out less than an interval ago; then only counts it. */
    public void warn(String message) {
        long held;
        synchronized (this) {
            long now = ticker.getAsLong();
            if (!first && now - nextNanos < 0) {
                suppressed++;
                return;
            }
            first = false;
            nextNanos = now + intervalNanos;
            held = suppressed;
            suppressed = 0;
        }
        if (held == 0) {
            log.warn(message);
        } else {
            log.warn("{} ({} more like it not logged since the last line)", message, held);
        }
    }

    /** Events counted but not logged since the last line. */
    public synchronized long suppressed() {
        return suppressed;
    }
}
