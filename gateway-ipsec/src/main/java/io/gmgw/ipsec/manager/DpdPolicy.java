package io.gmgw.ipsec.manager;

import java.time.Duration;
import java.util.Objects;

/**
 * RFC 3706 dead peer detection: after {@code interval} without anything from the peer (ESP in, IKE in) send
 * R-U-THERE, again every interval while unanswered; no R-U-THERE-ACK within {@code timeout} of the first declares the
 * peer dead. {@link #OFF}: never ask (we still answer).
 */
public record DpdPolicy(Duration interval, Duration timeout) {
    public static final DpdPolicy OFF = new DpdPolicy(Duration.ZERO, Duration.ZERO);
    public static final DpdPolicy DEFAULT = new DpdPolicy(Duration.ofSeconds(30), Duration.ofSeconds(150));

    public DpdPolicy {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (interval.isNegative() || (interval.isPositive() && timeout.compareTo(interval) < 0)) {
            throw new IllegalArgumentException("DPD interval must not be negative and the timeout at least the "
                    + "interval (" + interval + ", " + timeout + ")");
        }
    }

    public boolean enabled() {
        return interval.isPositive();
    }
}
