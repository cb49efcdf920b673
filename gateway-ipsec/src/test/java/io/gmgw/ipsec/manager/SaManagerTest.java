package io.gmgw.ipsec.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.ipsec.esp.EspSaPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two SA managers talking in memory on a fake clock: set-up, collisions, rekeying, lost messages, DPD. */
class SaManagerTest {
    private static final RekeyPolicy FAST = new RekeyPolicy(Duration.ofSeconds(30), Duration.ofSeconds(20), 0.5, 10,
            Duration.ofSeconds(10), Duration.ofSeconds(20));

    private static TwoGateways gateways(long ikeSeconds, long childSeconds, RekeyPolicy rekey, DpdPolicy dpd,
            StartAction rightStart) {
        return new TwoGateways(TwoGateways.peer(true, ikeSeconds, childSeconds, 0, rekey, dpd, StartAction.START),
                TwoGateways.peer(false, ikeSeconds, childSeconds, 0, rekey, dpd, rightStart));
    }

    /** Both sides have exactly one current ISAKMP SA (the same cookies) and one CHILD SA pair with crossed SPIs. */
    private static void assertOnePair(TwoGateways g) {
        PeerStatus l = g.left.status();
        PeerStatus r = g.right.status();
        assertEquals(1, l.ikeSas().size(), l::toString);
        assertEquals(1, r.ikeSas().size(), r::toString);
        assertEquals(l.ikeSas().getFirst().cookies(), r.ikeSas().getFirst().cookies());
        assertEquals(1, g.left.table.size(), l::toString);
        assertEquals(1, g.right.table.size(), r::toString);
        EspSaPair lp = g.left.table.pairs().getFirst();
        EspSaPair rp = g.right.table.pairs().getFirst();
        assertEquals(lp.outbound().spi(), rp.inbound().spi());
        assertEquals(lp.inbound().spi(), rp.outbound().spi());
    }

    @Test
    void startInstallsOneChildSaPairOnBothSidesAndTrafficFlows() {
        TwoGateways g = gateways(3600, 3600, RekeyPolicy.DEFAULT, DpdPolicy.OFF, StartAction.NONE);
        g.send(g.left, g.left.manager.start(g.now));
        g.pump();
        assertOnePair(g);
        assertTrue(g.open(g.right, g.seal(g.left)));
        assertTrue(g.open(g.left, g.seal(g.right)));
        assertEquals(1, g.left.events("ipsec.ike-up").size());
        assertEquals(1, g.right.events("ipsec.ike-up").size());
        assertEquals(1, g.left.events("ipsec.child-up").size());
        assertEquals(1, g.right.events("ipsec.child-up").size());
        ChildSaStatus c = g.left.status().children().getFirst();
        assertTrue(c.current());
        assertEquals(1, c.esp().outbound().packets(), c::toString);
    }

    @Test
    void bothInitiatingAtOnceLeavesOneIsakmpSaAndOneChildPair() {
        TwoGateways g = gateways(3600, 3600, RekeyPolicy.DEFAULT, DpdPolicy.OFF, StartAction.START);
        g.send(g.left, g.left.manager.start(g.now));
        g.send(g.right, g.right.manager.start(g.now));
        g.pump();
        g.run(Duration.ofSeconds(40));
        assertOnePair(g);
        assertTrue(g.open(g.right, g.seal(g.left)));
        assertTrue(g.open(g.left, g.seal(g.right)));
        assertFalse(g.left.events("ipsec.rekey").isEmpty(), "the collision is audited");
    }

    @Test
    void phase2RekeysWhileTrafficFlowsAndNoPacketIsLost() {
        TwoGateways g = gateways(3600, 60, FAST, DpdPolicy.OFF, StartAction.NONE);
        g.send(g.left, g.left.manager.start(g.now));
        g.pump();
        int firstSpi = g.left.table.pairs().getFirst().inbound().spi();
        List<byte[]> inFlight = new ArrayList<>();
        int[] sent = new int[1];
        int[] lost = new int[1];
        int[] maxPairs = new int[1];
        // Each second one packet each way; each packet is delivered a second late, so packets sealed under the old
        // SA arrive after the new one was installed.
        g.run(Duration.ofSeconds(200), Duration.ofSeconds(1), () -> {
            for (byte[] p : inFlight) {
                TwoGateways.Side to = p[p.length - 1] == 0 ? g.right : g.left;
                if (!g.open(to, java.util.Arrays.copyOf(p, p.length - 1))) {
                    lost[0]++;
                }
            }
            inFlight.clear();
            for (TwoGateways.Side s : List.of(g.left, g.right)) {
                byte[] p = g.seal(s);
                assertNotNull(p, "an SA covers the traffic at every moment");
                byte[] tagged = java.util.Arrays.copyOf(p, p.length + 1);
                tagged[p.length] = (byte) (s == g.left ? 0 : 1);
                inFlight.add(tagged);
                sent[0]++;
            }
            maxPairs[0] = Math.max(maxPairs[0], g.left.table.size());
        });
        assertEquals(0, lost[0], "no packet lost of " + sent[0]);
        assertTrue(g.left.events("ipsec.rekey").size() + g.right.events("ipsec.rekey").size() >= 3,
                "a 60 s CHILD SA is rekeyed at least three times in 200 s");
        assertTrue(maxPairs[0] <= 2, "at most the old and the new pair at once");
        // Without traffic the replaced pair leaves after the grace; the next rekey comes ~35 s after the last.
        for (int i = 0; i < 40 && (g.left.table.size() > 1 || g.right.table.size() > 1); i++) {
            g.run(Duration.ofSeconds(1));
        }
        assertOnePair(g);
        assertNotEquals(firstSpi, g.left.table.pairs().getFirst().inbound().spi());
        assertTrue(g.left.events("ipsec.child-down").isEmpty(), "a rekey is no CHILD SA going down");
    }
}
