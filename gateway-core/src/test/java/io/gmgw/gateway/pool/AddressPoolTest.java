package io.gmgw.gateway.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.ip.IpPrefix;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressPoolTest {
    private static AddressPool pool(String cidr) {
        return AddressPool.of("users", IpPrefix.parse(cidr, "test"), null);
    }

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    @Test
    void ipv4PoolReservesNetworkBroadcastAndGatewayAndLeasesEveryOtherAddressOnce() {
        AddressPool pool = pool("10.8.0.0/28");
        assertEquals(ip("10.8.0.1"), pool.gateway());
        assertEquals(13, pool.capacity());
        Set<InetAddress> seen = new HashSet<>();
        for (int i = 0; i < 13; i++) {
            Lease lease = pool.lease("cookie-" + i, "user-" + i);
            assertTrue(seen.add(lease.address()), "handed out twice: " + lease);
            assertEquals(28, lease.prefixLength());
            assertEquals(ip("10.8.0.1"), lease.gateway());
        }
        Set<InetAddress> expected = new HashSet<>();
        for (int i = 2; i <= 14; i++) {
            expected.add(ip("10.8.0." + i));
        }
        assertEquals(expected, seen);
        assertEquals(13, pool.leased());
    }

    @Test
    void exhaustionIsAResourceErrorNamingThePoolAndItsSize() {
        AddressPool pool = pool("10.8.0.0/29");
        for (int i = 0; i < 5; i++) {
            pool.lease("c" + i, "u" + i);
        }
        GatewayException e = assertThrows(GatewayException.class, () -> pool.lease("c5", "u5"));
        assertEquals(GatewayException.Kind.RESOURCE, e.kind());
        assertTrue(e.getMessage().contains("'users'") && e.getMessage().contains("10.8.0.0/29")
                && e.getMessage().contains("all 5 "), e.getMessage());
        // A release makes room again.
        Lease freed = pool.find("c2").orElseThrow();
        pool.release(freed);
        assertEquals(freed.address(), pool.lease("c5", "u5").address());
    }

    @Test
    void theSameOwnerGetsTheSameLeaseBackUntilItIsReleased() {
        AddressPool pool = pool("10.8.0.0/24");
        Lease first = pool.lease("cookie-a", "alice");
        assertSame(first, pool.lease("cookie-a", "someone else entirely"));
        assertEquals(1, pool.leased());
        assertTrue(pool.release(first));
        assertFalse(pool.release(first), "a second release frees nothing");
        assertTrue(pool.find("cookie-a").isEmpty());
    }

    @Test
    void aUserGetsTheSameAddressAgainWhileItIsFree() {
        AddressPool pool = pool("10.8.0.0/24");
        InetAddress alice = pool.lease("cookie-1", "CN=alice,OU=ops").address();
        pool.release(pool.find("cookie-1").orElseThrow());
        // A new login (new cookie) with the same identity: the same address.
        assertEquals(alice, pool.lease("cookie-2", "CN=alice,OU=ops").address());
        // Another pool over the same network derives the same address (the gateway restarted).
        assertEquals(alice, pool("10.8.0.0/24").lease("cookie-3", "CN=alice,OU=ops").address());
    }

    @Test
    void aTakenPreferredAddressIsProbedPastAndComesBackWhenFree() {
        AddressPool pool = pool("10.8.0.0/24");
        InetAddress preferred = pool.lease("alice-1", "alice").address();
        // Alice's second session (same identity, another cookie) cannot share the address.
        Lease second = pool.lease("alice-2", "alice");
        assertNotEquals(preferred, second.address());
        pool.release(pool.find("alice-1").orElseThrow());
        pool.release(second);
        assertEquals(preferred, pool.lease("alice-3", "alice").address());
    }

    @Test
    void aStaleReleaseNeverFreesAnotherOwnersLease() {
        AddressPool pool = pool("10.8.0.0/30"); // one client address
        Lease old = pool.lease("old", "u");
        assertTrue(pool.release(old));
        Lease now = pool.lease("new", "v");
        assertEquals(old.address(), now.address());
        assertFalse(pool.release(old));
        assertEquals(1, pool.leased());
        assertThrows(GatewayException.class, () -> pool.lease("third", "w"));
    }

    @Test
    void boundsSlash30HoldsOneClientSlash31TwoPeersSlash32None() {
        AddressPool p30 = pool("10.8.0.4/30");
        assertEquals(1, p30.capacity());
        assertEquals(ip("10.8.0.5"), p30.gateway());
        assertEquals(ip("10.8.0.6"), p30.lease("a", "a").address());

        AddressPool p31 = pool("10.8.0.8/31"); // RFC 3021: no network or broadcast address
        assertEquals(1, p31.capacity());
        assertEquals(ip("10.8.0.8"), p31.gateway());
        assertEquals(ip("10.8.0.9"), p31.lease("a", "a").address());

        GatewayException e = assertThrows(GatewayException.class, () -> pool("10.8.0.1/32"));
        assertEquals(GatewayException.Kind.CONFIG, e.kind());
        assertTrue(e.getMessage().contains("leaves none for clients"), e.getMessage());
    }

    @Test
    void configErrorsSayWhatToWriteInstead() {
        GatewayException hostBits = assertThrows(GatewayException.class, () -> pool("10.8.0.5/24"));
        assertEquals(GatewayException.Kind.CONFIG, hostBits.kind());
        assertTrue(hostBits.getMessage().contains("write 10.8.0.0/24"), hostBits.getMessage());

        IpPrefix net = IpPrefix.parse("10.8.0.0/24", "test");
        GatewayException outside = assertThrows(GatewayException.class,
                () -> AddressPool.of("users", net, ip("10.9.0.1")));
        assertTrue(outside.getMessage().contains("not inside 10.8.0.0/24"), outside.getMessage());
        GatewayException broadcast = assertThrows(GatewayException.class,
                () -> AddressPool.of("users", net, ip("10.8.0.255")));
        assertTrue(broadcast.getMessage().contains("broadcast"), broadcast.getMessage());

        GatewayException family = assertThrows(GatewayException.class,
                () -> AddressPool.of("users", net, ip("fd00::1")));
        assertTrue(family.getMessage().contains("not inside"), family.getMessage());
    }

    @Test
    void aChosenGatewayAddressIsNeverLeased() {
        AddressPool pool = AddressPool.of("users", IpPrefix.parse("10.8.0.0/29", "test"), ip("10.8.0.6"));
        assertEquals(5, pool.capacity());
        Set<InetAddress> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            seen.add(pool.lease("c" + i, "u" + i).address());
        }
        assertFalse(seen.contains(ip("10.8.0.6")));
        assertTrue(seen.contains(ip("10.8.0.1")), "the first address is a client's when the gateway sits elsewhere");
    }

    @Test
    void ipv6PoolsHandOutSingleAddressesAndReserveTheSubnetRouterAnycastAddress() {
        AddressPool pool = pool("fd00:8::/120");
        assertEquals(ip("fd00:8::1"), pool.gateway());
        assertEquals(254, pool.capacity());
        Set<InetAddress> seen = new HashSet<>();
        for (int i = 0; i < 254; i++) {
            Lease lease = pool.lease("c" + i, "u" + i);
            assertEquals(120, lease.prefixLength());
            assertTrue(pool.network().contains(lease.address()));
            assertTrue(seen.add(lease.address()));
        }
        assertFalse(seen.contains(ip("fd00:8::")));
        assertFalse(seen.contains(ip("fd00:8::1")));
        assertTrue(seen.contains(ip("fd00:8::ff")), "IPv6 has no broadcast address");
        assertThrows(GatewayException.class, () -> pool.lease("one-more", "x"));
    }

    @Test
    void largeIpv6PoolsArePredictableToo() {
        AddressPool pool = pool("fd00:8::/64");
        InetAddress a = pool.lease("c1", "alice").address();
        assertTrue(pool.network().contains(a));
        pool.release(pool.find("c1").orElseThrow());
        assertEquals(a, pool.lease("c2", "alice").address());
        assertNotEquals(a, pool.lease("c3", "bob").address());

        AddressPool wide = pool("fd00:9::/48"); // wider than 2^62: the first 2^62 addresses are used
        InetAddress w = wide.lease("c1", "alice").address();
        assertTrue(wide.network().contains(w));
        assertTrue(wide.release(wide.find("c1").orElseThrow()));
    }

    @Test
    void ipv6Slash127IsPointToPointAndSlash128IsRefused() {
        AddressPool p127 = pool("fd00:8::a/127");
        assertEquals(ip("fd00:8::a"), p127.gateway());
        assertEquals(ip("fd00:8::b"), p127.lease("a", "a").address());
        assertEquals(GatewayException.Kind.CONFIG,
                assertThrows(GatewayException.class, () -> pool("fd00:8::1/128")).kind());
    }
}
