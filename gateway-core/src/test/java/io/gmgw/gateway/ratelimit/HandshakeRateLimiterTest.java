package io.gmgw.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-source token bucket on a fake ticker: burst, refill, isolation, the table bound, IPv6 /64 grouping. */
class HandshakeRateLimiterTest {
    private long now = 1_000_000_000L;

    private HandshakeRateLimiter limiter(double perSecond, int burst, int maxSources) {
        return new HandshakeRateLimiter(new HandshakeRateLimiter.Limits(perSecond, burst, maxSources), () -> now);
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // literals only: no name lookup
    }

    private void advanceMillis(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void aSourceGetsItsBurstAndThenIsRefused() throws Exception {
        HandshakeRateLimiter l = limiter(10, 5, 100);
        for (int i = 0; i < 5; i++) {
            assertTrue(l.tryAcquire(ip("192.0.2.1")), "handshake " + (i + 1) + " of the burst");
        }
        assertFalse(l.tryAcquire(ip("192.0.2.1")));
        assertFalse(l.tryAcquire(ip("192.0.2.1")));
        assertEquals(2, l.refused());
    }

    @Test
    void tokensRefillAtTheRateAndNeverBeyondTheBurst() throws Exception {
        HandshakeRateLimiter l = limiter(10, 3, 100); // one token per 100 ms
        for (int i = 0; i < 3; i++) {
            assertTrue(l.tryAcquire(ip("192.0.2.1")));
        }
        assertFalse(l.tryAcquire(ip("192.0.2.1")));
        advanceMillis(99);
        assertFalse(l.tryAcquire(ip("192.0.2.1")), "99 ms do not make a token");
        advanceMillis(1);
        assertTrue(l.tryAcquire(ip("192.0.2.1")), "100 ms make one");
        assertFalse(l.tryAcquire(ip("192.0.2.1")));
        advanceMillis(60_000); // a long pause refills up to the burst, not more
        for (int i = 0; i < 3; i++) {
            assertTrue(l.tryAcquire(ip("192.0.2.1")));
        }
        assertFalse(l.tryAcquire(ip("192.0.2.1")));
    }

    @Test
    void sourcesAreLimitedSeparately() throws Exception {
        HandshakeRateLimiter l = limiter(1, 2, 100);
        assertTrue(l.tryAcquire(ip("192.0.2.1")));
        assertTrue(l.tryAcquire(ip("192.0.2.1")));
        assertFalse(l.tryAcquire(ip("192.0.2.1")));
        assertTrue(l.tryAcquire(ip("192.0.2.2")), "another address has its own bucket");
        assertTrue(l.tryAcquire(ip("2001:db8::1")));
        assertTrue(l.tryAcquire(ip("2001:db8::1")));
        assertFalse(l.tryAcquire(ip("2001:db8::1")));
        assertFalse(l.tryAcquire(ip("192.0.2.1")), "still refused: the others took nothing from it");
    }

    @Test
    void ipv6CountsByPrefix64AndIpv4ByAddress() throws Exception {
        HandshakeRateLimiter l = limiter(1, 2, 100);
        assertTrue(l.tryAcquire(ip("2001:db8:1:2::1")));
        assertTrue(l.tryAcquire(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        assertFalse(l.tryAcquire(ip("2001:db8:1:2:abcd::7")), "same /64: same bucket");
        assertTrue(l.tryAcquire(ip("2001:db8:1:3::1")), "next /64: its own bucket");
        assertTrue(l.tryAcquire(ip("::ffff:192.0.2.9")));
        assertTrue(l.tryAcquire(ip("192.0.2.9")));
        assertFalse(l.tryAcquire(ip("192.0.2.9")), "an IPv4-mapped address counts as the IPv4 address");
        assertEquals("2001:db8:1:2::/64", SourcePrefix.of(ip("2001:db8:1:2::1")).toString());
        assertEquals("192.0.2.9", SourcePrefix.of(ip("::ffff:192.0.2.9")).toString());
    }

    @Test
    void ipv6SourcesAreGroupedByTheConfiguredPrefixLength() throws Exception {
        HandshakeRateLimiter by56 = new HandshakeRateLimiter(new HandshakeRateLimiter.Limits(1, 1, 100, 56),
                () -> now);
        assertTrue(by56.tryAcquire(ip("2001:db8:1:200::1")));
        assertFalse(by56.tryAcquire(ip("2001:db8:1:2ff:1::9")), "another /64 of the same /56: same bucket");
        assertTrue(by56.tryAcquire(ip("2001:db8:1:300::1")), "the next /56: its own bucket");
        assertTrue(by56.tryAcquire(ip("192.0.2.1")), "IPv4 is counted by address whatever the IPv6 length");

        HandshakeRateLimiter by128 = new HandshakeRateLimiter(new HandshakeRateLimiter.Limits(1, 1, 100, 128),
                () -> now);
        assertTrue(by128.tryAcquire(ip("2001:db8:1:2::1")));
        assertTrue(by128.tryAcquire(ip("2001:db8:1:2::2")), "/128: every address its own bucket");
        assertFalse(by128.tryAcquire(ip("2001:db8:1:2::1")));

        HandshakeRateLimiter by72 = new HandshakeRateLimiter(new HandshakeRateLimiter.Limits(1, 1, 100, 72),
                () -> now);
        assertTrue(by72.tryAcquire(ip("2001:db8::1:0:0:1")));
        assertFalse(by72.tryAcquire(ip("2001:db8::ff:0:0:1")), "the 8 bits past /64 that /72 keeps are equal");
        assertTrue(by72.tryAcquire(ip("2001:db8::100:0:0:1")), "they differ: its own bucket");

        assertEquals("2001:db8:1:200::/56", SourcePrefix.of(ip("2001:db8:1:2ff::1"), 56).toString());
        assertEquals("2001:db8:0:0:100::/72", SourcePrefix.of(ip("2001:db8::1ff:1:2:3"), 72).toString());
        assertEquals("2001:db8::5/128", SourcePrefix.of(ip("2001:db8::5"), 128).toString());
        assertThrows(IllegalArgumentException.class, () -> new HandshakeRateLimiter.Limits(1, 1, 100, 129));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeRateLimiter.Limits(1, 1, 100, 0));
    }

    @Test
    void theTableIsBoundedIdleSourcesGoFirstThenTheLeastRecentlySeen() throws Exception {
        HandshakeRateLimiter l = limiter(10, 2, 3); // a full refill takes 200 ms
        assertTrue(l.tryAcquire(ip("192.0.2.1")));
        assertTrue(l.tryAcquire(ip("192.0.2.2")));
        assertTrue(l.tryAcquire(ip("192.0.2.3")));
        assertEquals(3, l.sources());
        advanceMillis(200);
        assertTrue(l.tryAcquire(ip("192.0.2.4")));
        assertEquals(1, l.sources(), "the three idle sources were dropped: their buckets were full again");
        assertEquals(0, l.evicted());

        assertTrue(l.tryAcquire(ip("192.0.2.4")));
        assertFalse(l.tryAcquire(ip("192.0.2.4")), "192.0.2.4 used its burst");
        assertTrue(l.tryAcquire(ip("192.0.2.5")));
        assertTrue(l.tryAcquire(ip("192.0.2.6")));
        assertTrue(l.tryAcquire(ip("192.0.2.7")), "a full table of busy sources still admits a new one");
        assertEquals(3, l.sources());
        assertEquals(1, l.evicted(), "by evicting the source seen least recently");
        assertTrue(l.tryAcquire(ip("192.0.2.4")), "the evicted source starts again with a burst");
        assertEquals(3, l.sources());
    }

    @Test
    void aTableOfManySourcesStaysAtItsBound() throws Exception {
        HandshakeRateLimiter l = limiter(1, 1, 1000);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(l.tryAcquire(ip("198.18." + (i >> 8 & 0xFF) + "." + (i & 0xFF))));
            assertTrue(l.sources() <= 1000);
        }
        assertEquals(9_000, l.evicted());
    }

    @Test
    void limitsOutsideTheirRangeAreRefusedWithTheReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> new HandshakeRateLimiter.Limits(0, 5, 10));
        assertTrue(e.getMessage().contains("handshake rate 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HandshakeRateLimiter.Limits(Double.NaN, 5, 10));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeRateLimiter.Limits(1, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeRateLimiter.Limits(1, 1, 0));
    }
}
