package io.gmgw.sslvpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.config.GatewayConfig;
import io.gmgw.gateway.config.GatewayConfigLoader;
import io.gmgw.gateway.config.RateLimitSettings;
import io.gmgw.gateway.ratelimit.HandshakeRateLimiter;
import io.gmgw.sslvpn.gateway.GatewaySettings;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration's records as the tunnel server and the listener take them. */
class SettingsMapperTest {
    @TempDir
    Path dir;

    /** A configuration with {@code tunnel} at the top and the groups staff and lab with these extra lines. */
    private GatewayConfig load(String tunnel, String staff, String lab) throws Exception {
        for (String f : List.of("sign.key.pem", "enc.key.pem", "ca.pem", "ca.crl", "staff.acl", "lab.acl")) {
            Files.writeString(dir.resolve(f), "test file\n"); // the loader checks that files are there, no more
        }
        Path yaml = dir.resolve("gateway.yaml");
        Files.writeString(yaml, """
                tlcp:
                  sign-key: sign.key.pem
                  enc-key: enc.key.pem
                clients:
                  trust: [ca.pem]
                  crls: [ca.crl]
                groups:
                  staff:
                    ipv4-pool: users
                    acl: staff.acl
                %s
                  lab:
                    ipv4-pool: users
                    acl: lab.acl
                %s
                pools:
                  users:
                    ipv4: 192.168.99.0/24
                acl:
                  trust: [ca.pem]
                  crls: [ca.crl]
                """.formatted(staff.indent(4).stripTrailing(), lab.indent(4).stripTrailing()) + tunnel);
        return GatewayConfigLoader.load(yaml);
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
