package io.gmgw.sslvpn.client;

import java.time.Duration;
import java.util.Optional;

/**
 * When to try again after the tunnel broke (cstp.md §9, openconnect's {@code ssl_reconnect}): the first attempt at
 * once, then after 10, 20, 30... seconds, each wait capped at 100 s, until {@code timeout} since the loss is used up.
 * Pure: the caller keeps the attempt count and the time of the loss.
 */
public record ReconnectPolicy(Duration step, Duration maxInterval, Duration timeout) {
    public static final ReconnectPolicy OPENCONNECT = new ReconnectPolicy(Duration.ofSeconds(10),
            Duration.ofSeconds(100), Duration.ofSeconds(300));

    public ReconnectPolicy {
        if (step.isNegative() || maxInterval.compareTo(step) < 0 || timeout.isNegative()) {
            throw new IllegalArgumentException("reconnect intervals must be 0 <= step <= max, timeout >= 0");
        }
    }

    public ReconnectPolicy withTimeout(Duration t) {
        return new ReconnectPolicy(step, maxInterval, t);
    }

    /**
     * The wait before attempt number {@code attempt} (0 = the first after the loss), or empty when it would start
     * after the timeout: then the client gives up. {@code sinceLoss} is the time already spent since the loss.
     */
    public Optional<Duration> delayBefore(int attempt, Duration sinceLoss) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt " + attempt);
        }
        Duration wait = attempt == 0 ? Duration.ZERO : step.multipliedBy(attempt);
        if (wait.compareTo(maxInterval) > 0) {
            wait = maxInterval;
        }
        if (sinceLoss.plus(wait).compareTo(timeout) > 0) {
            return Optional.empty();
        }
        return Optional.of(wait);
    }
}
