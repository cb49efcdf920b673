package io.gmgw.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.ratelimit.HandshakeAdmission.Verdict;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The global bounds on pre-auth work, on a fake ticker. */
class HandshakeAdmissionTest {
    private long now;

    private HandshakeAdmission admission(double globalPerSecond, int globalBurst, int maxUnauthenticated) {
        HandshakeRateLimiter perSource = new HandshakeRateLimiter(
                new HandshakeRateLimiter.Limits(20, 20, 1 << 20), () -> now);
        return new HandshakeAdmission(perSource, new HandshakeAdmission.Limits(globalPerSecond, globalBurst,
                maxUnauthenticated));
    }

    /** The {@code n}th /64 of 2001:db8:7::/48 (modulo 65,536: a source met again has tokens left of its own). */
    private static InetAddress inSlash48(int n) throws UnknownHostException {
        return InetAddress.getByName("2001:db8:7:" + Integer.toHexString(n & 0xFFFF) + "::1");
    }

    @Test
    void oneIpv6Slash48IsBoundedByTheGlobalRateThoughEverySlash64IsANewSource() throws Exception {
        HandshakeAdmission a = admission(100, 50, 1_000_000);
        int admitted = 0;
        for (int i = 0; i < 65_536; i++) {
            Verdict v = a.tryAdmit(inSlash48(i));
            if (v == Verdict.ADMITTED) {
                admitted++;
                a.handshakeEnded();
            } else {
                assertEquals(Verdict.GLOBAL_RATE, v);
            }
        }
        assertEquals(50, admitted, "the global burst, not 65,536 handshakes at once");
        assertEquals(65_536 - 50, a.refusedGlobalRate());
        now += TimeUnit.MILLISECONDS.toNanos(100);
        assertEquals(Verdict.ADMITTED, a.tryAdmit(inSlash48(70_000)), "10 ms per token: 10 more after 100 ms");
        for (int i = 1; i < 10; i++) {
            assertEquals(Verdict.ADMITTED, a.tryAdmit(inSlash48(70_000 + i)));
        }
        assertEquals(Verdict.GLOBAL_RATE, a.tryAdmit(inSlash48(80_000)));
        now += TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < 50; i++) {
            assertEquals(Verdict.ADMITTED, a.tryAdmit(inSlash48(90_000 + i)), "refilled to the burst, not beyond");
        }
        assertEquals(Verdict.GLOBAL_RATE, a.tryAdmit(inSlash48(99_999)));
    }

    @Test
    void connectionsStillInTheirHandshakeAreCappedAndASlotComesBackWhenOneEnds() throws Exception {
        HandshakeAdmission a = admission(1000, 1000, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(Verdict.ADMITTED, a.tryAdmit(InetAddress.getByName("192.0.2." + (i + 1))));
        }
        assertEquals(3, a.unauthenticated());
        assertEquals(Verdict.TOO_MANY_UNAUTHENTICATED, a.tryAdmit(InetAddress.getByName("198.51.100.1")));
        assertEquals(1, a.refusedUnauthenticated());
        a.handshakeEnded();
        assertEquals(Verdict.ADMITTED, a.tryAdmit(InetAddress.getByName("198.51.100.1")));
        a.handshakeEnded();
        a.handshakeEnded();
        a.handshakeEnded();
        assertEquals(0, a.unauthenticated());
        assertThrows(IllegalStateException.class, a::handshakeEnded, "a slot given back twice is a bug, not credit");
    }

    @Test
    void aRefusalForTheCapSpendsNoToken() throws Exception {
        HandshakeAdmission a = admission(1, 2, 1);
        InetAddress src = InetAddress.getByName("192.0.2.9");
        assertEquals(Verdict.ADMITTED, a.tryAdmit(src));
        for (int i = 0; i < 100; i++) {
            assertEquals(Verdict.TOO_MANY_UNAUTHENTICATED, a.tryAdmit(InetAddress.getByName("198.51.100.9")));
        }
        a.handshakeEnded();
        assertEquals(Verdict.ADMITTED, a.tryAdmit(InetAddress.getByName("198.51.100.9")),
                "the second global token was still there");
    }

    @Test
    void aSourceOverItsOwnRateDoesNotDrainTheGlobalBucket() throws Exception {
        HandshakeRateLimiter perSource = new HandshakeRateLimiter(new HandshakeRateLimiter.Limits(1, 1, 100),
                () -> now);
        HandshakeAdmission a = new HandshakeAdmission(perSource, new HandshakeAdmission.Limits(1, 2, 100));
        InetAddress flood = InetAddress.getByName("203.0.113.5");
        assertEquals(Verdict.ADMITTED, a.tryAdmit(flood));
        for (int i = 0; i < 1000; i++) {
            assertEquals(Verdict.SOURCE_RATE, a.tryAdmit(flood));
        }
        assertEquals(Verdict.ADMITTED, a.tryAdmit(InetAddress.getByName("192.0.2.1")));
        assertEquals(0, a.refusedGlobalRate());
        assertTrue(perSource.refused() >= 1000);
    }

    @Test
    void limitsOutsideTheirRangesAreRefusedWithTheRangeInTheMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> new HandshakeAdmission.Limits(0, 5, 10));
        assertTrue(e.getMessage().contains("(0, 1000000]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HandshakeAdmission.Limits(Double.NaN, 5, 10));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeAdmission.Limits(1, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeAdmission.Limits(1, 1, 0));
    }
}
