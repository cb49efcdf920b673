package io.gmgw.gateway.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code tunnel}: the CSTP session's numbers (cstp.md §4, §7, §8, §9). The largest tunnel MTU offered; the keepalive
 * and DPD intervals sent to the client ({@code X-CSTP-Keepalive}, {@code X-CSTP-DPD}); the idle timeout (DATA frames
 * only) and the session timeout (empty: none); how long a login cookie stays valid after login or disconnect; whether
 * the client is asked to disconnect when its smart key is removed; and the most sessions the gateway holds at once.
 */
public record TunnelSettings(int mtu, Duration keepalive, Duration dpd, Optional<Duration> idleTimeout,
        Optional<Duration> sessionTimeout, Duration cookieTimeout, boolean smartcardRemovalDisconnect,
        int maxClients) {
}
