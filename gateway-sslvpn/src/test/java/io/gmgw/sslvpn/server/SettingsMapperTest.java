package io.gmgw.sslvpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.config.ConfigFixture;
import io.gmgw.gateway.config.GatewayConfig;
import io.gmgw.gateway.config.RateLimitSettings;
import io.gmgw.gateway.ratelimit.HandshakeRateLimiter;
import io.gmgw.sslvpn.gateway.GatewaySettings;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration's records as the tunnel server and the listener take them. */
class SettingsMapperTest {
    @TempDir
    Path dir;

    /** A configuration with {@code tunnel} at the top and the groups staff and lab with these extra lines. */
    private GatewayConfig load(String tunnel, String staff, String lab) throws Exception {
        ConfigFixture fixture = new ConfigFixture(dir);
        fixture.touch("lab.acl");
        return fixture.load(ConfigFixture.MINIMAL.replace("    acl: staff.acl\n", "    acl: staff.acl\n"
                + staff.indent(4) + "  lab:\n    ipv4-pool: users\n    acl: lab.acl\n" + lab.indent(4)) + tunnel);
    }

    @Test
    void theWriteBufferComesFromTheConfiguration() throws Exception {
        assertEquals(65536, SettingsMapper.map(load("", "", "")).writeBufferBytes(), "the default");
        assertEquals(262144, SettingsMapper.map(load("tunnel:\n  write-buffer-bytes: 262144\n", "", ""))
                .writeBufferBytes());
    }

    @Test
    void theSettingsKeepTheLargestGroupLimitAndNoBanner() throws Exception {
        GatewaySettings s = SettingsMapper.map(load("", "max-sessions-per-user: 1\nbanner: staff only",
                "max-sessions-per-user: 5"));
        assertEquals(5, s.maxSessionsPerUser(), "the unused logins a certificate keeps follow the most generous group");
        assertEquals("", s.banner(), "banners are the groups' own");
        assertEquals(0, SettingsMapper.map(load("", "max-sessions-per-user: 0", "")).maxSessionsPerUser(),
                "a group without a limit");
    }

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
