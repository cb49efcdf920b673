package io.gmgw.sslvpn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.config.GroupSettings;
import io.gmgw.gateway.config.PoolSettings;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.pool.AddressPool;
import io.gmgw.sslvpn.gateway.Lease;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Address leases over gateway-core's pools: both families per login, given back together, never half a lease. */
class PoolLeasesTest {
    private static GroupSettings group(String name, String v4, String v6) {
        return new GroupSettings(name, Optional.ofNullable(v4), Optional.ofNullable(v6), List.of(), List.of(),
                List.of(), Optional.empty(), List.of(), Path.of("/acl"), 0, Optional.empty(),
                io.gmgw.gateway.policy.LoginPolicy.CERTIFICATE);
    }

    private static PoolSettings pool(String name, String v4, String v6, boolean predictable) {
        return new PoolSettings(name, Optional.ofNullable(v4).map(p -> IpPrefix.parse(p, "v4")),
                Optional.ofNullable(v6).map(p -> IpPrefix.parse(p, "v6")), 128, predictable);
    }

    @Test
    void aLoginGetsBothFamiliesWithThePoolsPrefixAndGivesThemBack() {
        PoolLeases leases = new PoolLeases(Map.of("users", pool("users", "192.168.99.0/24", "fd00:99::/64", true)),
                Map.of("staff", group("staff", "users", "users")), new SecureRandom());
        Lease a = leases.lease("CN=alice|1|CN=CA", "staff", "s1");
        assertEquals(24, a.ipv4().orElseThrow().length());
        assertEquals(64, a.ipv6().orElseThrow().length());
        assertTrue(IpPrefix.parse("192.168.99.0/24", "p").contains(a.ipv4().get().address()));
        assertEquals(List.of(1L, 1L), leases.all().stream().map(AddressPool::leased).toList());
        leases.release(a);
        leases.release(a); // twice is harmless
        assertEquals(List.of(0L, 0L), leases.all().stream().map(AddressPool::leased).toList());
        Lease again = leases.lease("CN=alice|1|CN=CA", "staff", "s2");
        assertEquals(a.ipv4(), again.ipv4(), "predictable: the same identity gets its address back while it is free");
        assertEquals(List.of(InetAddressOf("192.168.99.1"), InetAddressOf("fd00:99::1")), leases.gatewayAddresses());
    }

    @Test
    void whenTheSecondFamilyIsExhaustedTheFirstAddressGoesBack() {
        // a /126 IPv6 pool holds the gateway and two clients (the subnet-router anycast address is reserved)
        PoolLeases leases = new PoolLeases(Map.of("p", pool("p", "10.0.0.0/24", "fd00::/126", false)),
                Map.of("g", group("g", "p", "p")), new SecureRandom());
        leases.lease("a", "g", "1");
        leases.lease("b", "g", "2");
        GatewayException e = assertThrows(GatewayException.class, () -> leases.lease("c", "g", "3"));
        assertEquals(GatewayException.Kind.RESOURCE, e.kind());
        assertEquals(2, leases.all().getFirst().leased(), "the IPv4 address of the refused login is free again");
        assertThrows(GatewayException.class, () -> leases.lease("a", "nobody", "4"));
    }

    private static java.net.InetAddress InetAddressOf(String text) {
        return java.net.InetAddress.ofLiteral(text);
    }
}
