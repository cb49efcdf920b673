package io.gmgw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration of the required keys alone takes every default docs/gateway.md documents. */
class GatewayConfigDefaultsTest {
    @TempDir
    Path tmp;

    @Test
    void theMinimalConfigurationTakesTheDocumentedDefaults() throws Exception {
        GatewayConfig c = new ConfigFixture(tmp).load(ConfigFixture.MINIMAL);

        assertEquals(List.of(InetAddress.getByName("0.0.0.0")), c.listen().addresses());
        assertEquals(443, c.listen().port());
        assertEquals(Duration.ofSeconds(30), c.listen().handshakeTimeout());

        assertTrue(c.tlcp().enabled());
        assertEquals(tmp.resolve("keys/sign.key.pem").toString(), c.tlcp().signKey().orElseThrow().reference());
        assertEquals(Optional.empty(), c.tlcp().signKey().orElseThrow().certificate());
        assertEquals(Optional.empty(), c.tlcp().signKey().orElseThrow().passwordSource());
        assertEquals(Optional.empty(), c.tlcp().chain());
        assertEquals(List.of("ECC_SM4_GCM_SM3", "ECC_SM4_CBC_SM3", "ECDHE_SM4_GCM_SM3", "ECDHE_SM4_CBC_SM3"),
                c.tlcp().suites());
        assertEquals(4096, c.tlcp().sessionCacheSize());
        assertEquals(Duration.ofHours(2), c.tlcp().sessionLifetime());

        assertFalse(c.tls().enabled());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), c.tls().protocols());
        assertEquals(9, c.tls().suites().size());

        assertEquals(List.of(), c.clients().intermediates());
        assertTrue(c.clients().revocationCheck());
        assertEquals(Optional.of(Duration.ofSeconds(60)), c.clients().crlReloadInterval());
        assertEquals("2.5.4.3", c.clients().userOid());
        assertEquals(Optional.of("2.5.4.11"), c.clients().groupOid());
        assertEquals(Optional.empty(), c.clients().defaultGroup());
        assertEquals(Map.of(), c.clients().users());

        GroupSettings staff = c.groups().get("staff");
        assertEquals(Optional.of("users"), staff.ipv4Pool());
        assertEquals(Optional.empty(), staff.ipv6Pool());
        assertTrue(staff.fullTunnel());
        assertEquals(List.of(), staff.dns());
        assertEquals(2, staff.maxSessionsPerUser());
        assertEquals(Optional.empty(), staff.banner());
        assertEquals(tmp.resolve("staff.acl"), staff.acl());

        PoolSettings users = c.pools().get("users");
        assertEquals("192.168.99.0/24", users.ipv4().orElseThrow().toString());
        assertEquals(128, users.ipv6PrefixLength());
        assertTrue(users.predictable());

        assertEquals(new TunnelSettings(1400, Duration.ofHours(9), Duration.ofSeconds(90),
                Optional.of(Duration.ofMinutes(20)), Optional.empty(), Duration.ofMinutes(5), true, 1024, 65536),
                c.tunnel());
        assertEquals(new BanSettings(80, Duration.ofMinutes(20), 10, 1, 16384), c.bans());
        assertEquals(new RateLimitSettings(20, 5, 65536, 64, 500, 500, 1024), c.rateLimit());
        assertEquals(Optional.of("acl-signing"), c.acl().signerExtendedKeyUsage());
        assertEquals(Optional.empty(), c.acl().log());
        assertEquals(Path.of("/run/gmgw/control.sock"), c.control().socket());
        assertEquals(new DataPlaneSettings(DataPlaneSettings.Mode.TUN, "gmgw0"), c.dataPlane());
        assertEquals(new AuditSettings(Duration.ofSeconds(10)), c.audit());
    }

    @Test
    void everyDocumentedDefaultParsesAsItsType() throws Exception {
        // the binder reads a missing key's default from the schema: a default it cannot read would fail every load
        GatewayConfig c = new ConfigFixture(tmp).load(ConfigFixture.MINIMAL);
        assertEquals(c, new ConfigFixture(tmp).load(ConfigFixture.MINIMAL));
        for (ConfigKey k : GatewaySchema.keys()) {
            if (k.type() == ValueType.DURATION && !k.defaultValue().equals("none")) {
                assertTrue(Durations.parse(k.defaultValue()) != null, k.path());
            }
        }
    }
}
