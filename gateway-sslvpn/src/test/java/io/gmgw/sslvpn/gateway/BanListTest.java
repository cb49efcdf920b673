package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Bans count IPv6 sources per /64 and survive a full table (security review #7).
 */
class BanListTest {
    private static final long S = 1_000_000_000L;

    @Test
    void anIpv6HostCannotEscapeItsBanByChangingAddressInsideItsSlash64() {
        BanList bans = new BanList(20, 1200 * S, 100);
        bans.add(TestPool.addr("2001:db8:1:2::1"), 10, 0);
        assertTrue(bans.add(TestPool.addr("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), 10, S), "one /64, one score");
        assertTrue(bans.isBanned(TestPool.addr("2001:db8:1:2::99"), 2 * S));
        assertFalse(bans.isBanned(TestPool.addr("2001:db8:1:3::1"), 2 * S), "the next /64 is someone else");
        assertFalse(bans.isBanned(TestPool.addr("192.0.2.1"), 2 * S));
        bans.add(TestPool.addr("192.0.2.1"), 10, 2 * S);
        assertEquals(0, bans.score(TestPool.addr("192.0.2.2"), 2 * S), "IPv4 counts per address");
        assertEquals(2, bans.size());
    }

    @Test
    void aFullTableNeverForgetsABanAndDropsTheLowestScoreFirst() {
        BanList bans = new BanList(20, 1200 * S, 3);
        assertTrue(bans.add(TestPool.addr("198.51.100.1"), 20, 0));
        bans.add(TestPool.addr("198.51.100.2"), 5, S);
        bans.add(TestPool.addr("198.51.100.3"), 1, 2 * S);
        // Sources spraying single points: each new one takes the place of the lowest score, never the ban.
        for (int i = 10; i < 200; i++) {
            bans.add(TestPool.addr("203.0.113." + i), 1, 3 * S);
        }
        assertTrue(bans.isBanned(TestPool.addr("198.51.100.1"), 4 * S), "the ban stays");
        assertEquals(5, bans.score(TestPool.addr("198.51.100.2"), 4 * S), "the higher score stays");
        assertEquals(0, bans.score(TestPool.addr("198.51.100.3"), 4 * S), "the lowest went first");
        assertEquals(3, bans.size());

        // A table of nothing but bans keeps them all; the newcomer goes uncounted.
        BanList full = new BanList(20, 1200 * S, 2);
        full.add(TestPool.addr("198.51.100.1"), 20, 0);
        full.add(TestPool.addr("198.51.100.2"), 20, 0);
        assertFalse(full.add(TestPool.addr("198.51.100.3"), 20, S));
        assertTrue(full.isBanned(TestPool.addr("198.51.100.1"), S));
        assertTrue(full.isBanned(TestPool.addr("198.51.100.2"), S));
        // Once a ban expires, its place is free again.
        assertTrue(full.add(TestPool.addr("198.51.100.3"), 20, 1300 * S));
    }
}
