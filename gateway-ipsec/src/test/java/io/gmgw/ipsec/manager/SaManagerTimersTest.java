package io.gmgw.ipsec.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.ipsec.esp.EspEvent;
import io.gmgw.ipsec.esp.EspSaPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Phase-1 rekey, lost messages, rekey collisions, DPD, INITIAL-CONTACT and ESP events, on the fake clock. */
class SaManagerTimersTest {
    private static final RekeyPolicy FAST = new RekeyPolicy(Duration.ofSeconds(30), Duration.ofSeconds(20), 0.5, 10,
            Duration.ofSeconds(10), Duration.ofSeconds(20));
    /** No jitter: both sides' timers fire in the same second, so both rekey at once. */
    private static final RekeyPolicy NO_JITTER = new RekeyPolicy(Duration.ofSeconds(30), Duration.ofSeconds(20), 0,
            10, Duration.ofSeconds(10), Duration.ofSeconds(20));

    private static TwoGateways gateways(long ikeSeconds, long childSeconds, RekeyPolicy rekey, DpdPolicy dpd) {
        TwoGateways g = new TwoGateways(
                TwoGateways.peer(true, ikeSeconds, childSeconds, 0, rekey, dpd, StartAction.START),
                TwoGateways.peer(false, ikeSeconds, childSeconds, 0, rekey, dpd, StartAction.NONE));
        g.send(g.left, g.left.manager.start(g.now));
        g.pump();
        return g;
    }

    private static void assertOnePair(TwoGateways g) {
        assertEquals(1, g.left.table.size(), () -> g.left.status().toString());
        assertEquals(1, g.right.table.size(), () -> g.right.status().toString());
        EspSaPair lp = g.left.table.pairs().getFirst();
        EspSaPair rp = g.right.table.pairs().getFirst();
        assertEquals(lp.outbound().spi(), rp.inbound().spi());
        assertEquals(lp.inbound().spi(), rp.outbound().spi());
        assertTrue(g.open(g.right, g.seal(g.left)));
        assertTrue(g.open(g.left, g.seal(g.right)));
    }

    private static void settle(TwoGateways g) {
        for (int i = 0; i < 60 && (g.left.table.size() > 1 || g.right.table.size() > 1); i++) {
            g.run(Duration.ofSeconds(1));
        }
    }

    @Test
    void phase1IsRekeyedByANewMainModeItsChildSasRenewedAndTheOldIsakmpSaDeleted() {
        TwoGateways g = gateways(120, 3600, FAST, DpdPolicy.OFF);
        String first = g.left.status().ikeSas().getFirst().cookies();
        int child = g.left.table.pairs().getFirst().inbound().spi();
        g.run(Duration.ofSeconds(125));
        assertEquals(1, g.left.status().ikeSas().size(), () -> g.left.status().toString());
        assertEquals(1, g.right.status().ikeSas().size(), () -> g.right.status().toString());
        String now = g.left.status().ikeSas().getFirst().cookies();
        assertNotEquals(first, now, "a new ISAKMP SA");
        assertEquals(now, g.right.status().ikeSas().getFirst().cookies());
        assertEquals(1, g.left.table.size());
        int renewed = g.left.table.pairs().getFirst().inbound().spi();
        assertNotEquals(child, renewed, "CHILD SAs renewed under the new ISAKMP SA before the old one went");
        assertTrue(g.left.events("ipsec.child-down").isEmpty() && g.right.events("ipsec.child-down").isEmpty());
        assertTrue(g.left.events("ipsec.rekey").stream().anyMatch(e -> "1".equals(e.details().get("phase"))));
        assertTrue(g.right.events("ipsec.ike-down").size() >= 1, "the old ISAKMP SA is gone on the peer too");
        // the CHILD SA is later rekeyed over the new ISAKMP SA
        g.run(Duration.ofSeconds(3600));
        assertOnePair(g);
        assertNotEquals(renewed, g.left.table.pairs().getFirst().inbound().spi());
    }

    @Test
    void lostMainModeAndQuickModeMessagesAreRetransmitted() {
        TwoGateways g = new TwoGateways(
                TwoGateways.peer(true, 3600, 3600, 0, FAST, DpdPolicy.OFF, StartAction.START),
                TwoGateways.peer(false, 3600, 3600, 0, FAST, DpdPolicy.OFF, StartAction.NONE));
        int[] n = new int[1];
        // drop the 2nd, 4th and 8th datagram on the wire: main mode 2 and 4, quick mode's HASH(3)
        g.drop = d -> {
            n[0]++;
            return n[0] == 2 || n[0] == 4 || n[0] == 8;
        };
        g.send(g.left, g.left.manager.start(g.now));
        g.pump();
        assertEquals(0, g.left.table.size());
        g.run(Duration.ofSeconds(60));
        assertEquals(3, g.droppedIke.size());
        assertOnePair(g);
    }

    @Test
    void bothSidesRekeyingTheChildSaAtOnceKeepOnePair() {
        TwoGateways g = new TwoGateways(
                TwoGateways.peer(true, 3600, 60, 0, NO_JITTER, DpdPolicy.OFF, StartAction.START),
                TwoGateways.peer(false, 3600, 60, 0, NO_JITTER, DpdPolicy.OFF, StartAction.START));
        g.send(g.left, g.left.manager.start(g.now));
        g.pump();
        int first = g.left.table.pairs().getFirst().inbound().spi();
        g.run(Duration.ofSeconds(42));
        settle(g);
        assertOnePair(g);
        assertNotEquals(first, g.left.table.pairs().getFirst().inbound().spi());
        assertTrue(g.left.events("ipsec.rekey").stream().anyMatch(e -> e.reason() != null
                && e.reason().startsWith("CHILD SA collision")), () -> g.left.events("ipsec.rekey").toString());
    }

    @Test
    void deadPeerIsDetectedAndItsSasDeleted() {
        DpdPolicy dpd = new DpdPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30));
        TwoGateways g = gateways(3600, 3600, RekeyPolicy.DEFAULT, dpd);
        g.run(Duration.ofSeconds(25));
        assertEquals(1, g.left.table.size(), "an answering peer stays");
        assertTrue(g.left.status().lastDpdAck() != null, "R-U-THERE answered by R-U-THERE-ACK");
        g.drop = d -> true; // the peer vanishes
        g.run(Duration.ofSeconds(45));
        assertEquals(1, g.left.events("ipsec.dpd-dead").size());
        assertEquals(0, g.left.table.size(), "the dead peer's CHILD SA left the table");
        assertTrue(g.left.status().ikeSas().isEmpty());
        assertFalse(g.left.events("ipsec.child-down").isEmpty());
    }

    @Test
    void trafficFromThePeerSuppressesDpd() {
        DpdPolicy dpd = new DpdPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30));
        TwoGateways g = gateways(3600, 3600, RekeyPolicy.DEFAULT, dpd);
        int[] rUThere = new int[1];
        g.drop = d -> {
            rUThere[0]++;
            return false;
        };
        g.run(Duration.ofSeconds(60), Duration.ofSeconds(1), () -> {
            g.open(g.left, g.seal(g.right));
            g.open(g.right, g.seal(g.left));
        });
        assertEquals(0, rUThere[0], "nothing on the IKE wire while ESP comes in");
        assertNull(g.left.status().lastDpdAck());
    }

    @Test
    void initialContactDropsTheOldSasOfARestartedPeer() {
        TwoGateways g = gateways(3600, 3600, RekeyPolicy.DEFAULT, DpdPolicy.OFF);
        g.run(Duration.ofSeconds(60));
        int old = g.right.table.pairs().getFirst().inbound().spi();
        // the left gateway restarts: a new manager with no state initiates again, saying INITIAL-CONTACT
        TwoGateways restarted = new TwoGateways(
                TwoGateways.peer(true, 3600, 3600, 0, RekeyPolicy.DEFAULT, DpdPolicy.OFF, StartAction.START),
                TwoGateways.peer(false, 3600, 3600, 0, RekeyPolicy.DEFAULT, DpdPolicy.OFF, StartAction.NONE));
        g.left.table.clear();
        var fresh = restarted.left;
        g.send(g.left, fresh.manager.start(g.now));
        // deliver the restarted left's datagrams to the right, and the right's answers back to the fresh manager
        for (int i = 0; i < 20 && !g.left.outbox.isEmpty(); i++) {
            var out = java.util.List.copyOf(g.left.outbox);
            g.left.outbox.clear();
            for (IkeSend d : out) {
                for (IkeSend back : g.right.manager.receive(d.datagram(), d.natTPort(),
                        new java.net.InetSocketAddress(TwoGateways.LEFT.getAddress(), d.natTPort() ? 4500 : 500),
                        g.now)) {
                    g.send(g.left, fresh.manager.receive(back.datagram(), back.natTPort(),
                            new java.net.InetSocketAddress(TwoGateways.RIGHT.getAddress(), 500), g.now));
                }
            }
        }
        assertEquals(1, g.right.status().ikeSas().size(), () -> g.right.status().toString());
        assertEquals(1, g.right.table.size());
        assertNotEquals(old, g.right.table.pairs().getFirst().inbound().spi());
        assertTrue(g.right.events("ipsec.child-down").stream()
                .anyMatch(e -> e.reason().contains("INITIAL-CONTACT")));
    }

    @Test
    void sequenceSoftLimitForcesARekey() {
        TwoGateways g = gateways(3600, 3600, RekeyPolicy.DEFAULT, DpdPolicy.OFF);
        g.run(ChildSas.COLLISION_WINDOW);
        EspSaPair p = g.left.table.pairs().getFirst();
        g.left.manager.espEvent(new EspEvent.SoftLimitReached(p.name(), p.outbound().spi(), 1L << 31));
        g.run(Duration.ofSeconds(1));
        assertEquals(2, g.left.table.size(), "the new pair installed beside the old");
        assertNotEquals(p, g.left.table.outbound(g.left.insideHost, g.right.insideHost), "traffic moved");
        settle(g);
        assertOnePair(g);
    }

    @Test
    void volumeLifetimeRekeysByBytes() {
        TwoGateways g = new TwoGateways(
                TwoGateways.peer(true, 3600, 3600, 10, FAST, DpdPolicy.OFF, StartAction.START),
                TwoGateways.peer(false, 3600, 3600, 10, FAST, DpdPolicy.OFF, StartAction.NONE));
        g.send(g.left, g.left.manager.start(g.now));
        g.pump();
        g.run(ChildSas.COLLISION_WINDOW);
        int first = g.left.table.pairs().getFirst().inbound().spi();
        // 10 KiB lifetime, rekey at 90 %: 100-byte packets, 93 of them pass 9216 bytes
        for (int i = 0; i < 93; i++) {
            assertTrue(g.open(g.right, g.seal(g.left)));
        }
        g.run(Duration.ofSeconds(1));
        assertTrue(g.left.events("ipsec.rekey").size() + g.right.events("ipsec.rekey").size() >= 1);
        settle(g);
        assertOnePair(g);
        assertNotEquals(first, g.left.table.pairs().getFirst().inbound().spi());
    }

    @Test
    void aDeleteCrossingARekeyLeavesBothSidesWithoutThePair() {
        TwoGateways g = gateways(3600, 60, NO_JITTER, DpdPolicy.OFF);
        g.run(Duration.ofSeconds(39));
        assertEquals(1, g.left.table.size());
        // the right's operator brings the tunnel down in the same second the left's rekey quick mode starts: the
        // delete and quick mode's first message cross on the wire
        g.now = g.now.plusSeconds(1);
        g.send(g.left, g.left.manager.tick(g.now));
        g.send(g.right, g.right.manager.down("to-left", g.now));
        g.pump();
        g.run(Duration.ofSeconds(60));
        assertEquals(0, g.right.table.size(), () -> g.right.status().toString());
        assertEquals(0, g.left.table.size(), () -> g.left.status().toString());
        assertTrue(g.right.status().ikeSas().isEmpty());
    }
}
