package io.gmgw.gateway.config;

import java.time.Duration;

/**
 * {@code bans}: ocserv's ban points per source address. Each failed login adds {@link #wrongLoginPoints()}, each
 * connection {@link #connectionPoints()}; a source at {@link #maxScore()} or more is refused until its score is
 * {@link #resetTime()} old (0: bans off). At most {@link #tableSize()} sources are tracked.
 */
public record BanSettings(int maxScore, Duration resetTime, int wrongLoginPoints, int connectionPoints,
        int tableSize) {
    public boolean enabled() {
        return maxScore > 0;
    }
}
