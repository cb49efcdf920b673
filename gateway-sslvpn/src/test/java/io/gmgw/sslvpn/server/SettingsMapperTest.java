package io.gmgw.sslvpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.config.RateLimitSettings;
import io.gmgw.gateway.ratelimit.HandshakeRateLimiter;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The configuration's records as the tunnel server and the listener take them. */
class SettingsMapperTest {
    @Test
    void theRateLimiterGroupsIpv6SourcesByTheConfiguredPrefix() throws Exception {
        HandshakeRateLimiter.Limits limits = SettingsMapper.perSourceLimits(
                new RateLimitSettings(7, 1, 128, 48, 500, 500, 1024));
        assertEquals(new HandshakeRateLimiter.Limits(7, 1, 128, 48), limits);
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(limits, () -> 0L);
        assertTrue(limiter.tryAcquire(InetAddress.getByName("2001:db8:5:1::1")));
        assertFalse(limiter.tryAcquire(InetAddress.getByName("2001:db8:5:ff00::1")), "the same /48: its burst is used");
    }
}
