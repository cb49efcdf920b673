package io.gmgw.ipsec.manager;

import java.time.Duration;
import java.util.Objects;

/**
 * When SAs are renewed, strongSwan's model: rekey at {@code lifetime - margin - random(0, jitter × margin)} so two
 * peers rarely start together; by volume at {@code (100 - bytesMarginPercent) %} of a CHILD SA's kilobyte lifetime;
 * the replaced CHILD SA keeps receiving until the peer's first packet on the new one or {@code oldInboundGrace}, so
 * nothing in flight is lost. A margin longer than half the lifetime is cut to half.
 *
 * @param ikeMargin phase-1 rekey margin (strongSwan IKEv1 default 9 min)
 * @param childMargin phase-2 rekey margin (strongSwan default 3 min)
 * @param jitter fraction of the margin drawn at random and subtracted, 0 to 1 (strongSwan: rand_time = margin)
 * @param bytesMarginPercent 1 to 50
 * @param oldInboundGrace how long a replaced CHILD SA may still receive
 * @param retryInterval how long after a failed main mode a START peer is tried again
 */
public record RekeyPolicy(Duration ikeMargin, Duration childMargin, double jitter, int bytesMarginPercent,
        Duration oldInboundGrace, Duration retryInterval) {
    public static final RekeyPolicy DEFAULT = new RekeyPolicy(Duration.ofMinutes(9), Duration.ofMinutes(3), 1.0, 10,
            Duration.ofSeconds(30), Duration.ofSeconds(60));

    public RekeyPolicy {
        Objects.requireNonNull(ikeMargin, "ikeMargin");
        Objects.requireNonNull(childMargin, "childMargin");
        Objects.requireNonNull(oldInboundGrace, "oldInboundGrace");
        Objects.requireNonNull(retryInterval, "retryInterval");
        if (ikeMargin.isNegative() || childMargin.isNegative() || oldInboundGrace.isNegative()
                || !retryInterval.isPositive()) {
            throw new IllegalArgumentException("rekey margins and grace must not be negative, the retry positive");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("rekey jitter is a fraction of the margin, 0 to 1, not " + jitter);
        }
        if (bytesMarginPercent < 1 || bytesMarginPercent > 50) {
            throw new IllegalArgumentException("byte rekey margin 1 to 50 %, not " + bytesMarginPercent);
        }
    }

    /** When to rekey an SA established at {@code established} for {@code lifetimeSeconds}; {@code u} in [0, 1). */
    java.time.Instant rekeyAt(java.time.Instant established, long lifetimeSeconds, Duration margin, double u) {
        long life = lifetimeSeconds * 1000;
        long m = Math.min(margin.toMillis(), life / 2);
        long early = m + (long) (u * jitter * m);
        return established.plusMillis(Math.max(life / 2, life - early));
    }
}
