package io.gmgw.ipsec.ike.config;

import java.time.Duration;
import java.util.Objects;

/**
 * When an exchange resends its last message and when it gives up: the n-th resend (n from 0) waits
 * {@code timeout * base^n}; after {@code tries} resends and one more wait the exchange fails. The defaults are
 * strongSwan's ({@code retransmit_timeout = 4.0}, {@code retransmit_base = 1.8}, {@code retransmit_tries = 5}): the
 * peer gets about 165 s in all.
 */
public record RetransmitPolicy(Duration timeout, double base, int tries) {
    public static final RetransmitPolicy DEFAULT = new RetransmitPolicy(Duration.ofSeconds(4), 1.8, 5);

    public RetransmitPolicy {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || base < 1.0 || tries < 0 || tries > 20) {
            throw new IllegalArgumentException("retransmit timeout > 0, base >= 1 and 0..20 tries, not " + timeout
                    + ", " + base + ", " + tries);
        }
    }

    /** How long to wait after the n-th transmission (0 = the first one). */
    public Duration delay(int transmission) {
        return Duration.ofNanos((long) (timeout.toNanos() * Math.pow(base, transmission)));
    }
}
