package io.gmgw.ipsec.ike.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.ipsec.ike.config.EspProposal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lost messages on the injected clock: the same bytes resent with backoff, duplicates answered, a clear timeout. */
class RetransmissionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final SecureRandom random = new SecureRandom();

    private Wire wire() {
        EspProposal esp = EspProposal.aesCbcSha256(128);
        return new Wire(IsakmpSession.initiator(TestPeers.phase1(true, "k", true),
                List.of(TestPeers.child(true, 14, 3600, esp)), random),
                IsakmpSession.responder(TestPeers.phase1(false, "k", true),
                        List.of(TestPeers.child(false, 14, 3600, esp)), random));
    }

    @Test
    void aLostAnswerIsRecoveredByResendingTheSameBytes() {
        Wire w = wire();
        w.drop = (fromLeft, i) -> !fromLeft && i == 1; // the responder's message 4 is lost once
        w.run(true, w.left.initiate(T0), T0);
        assertTrue(w.left.establishedSa().isEmpty());
        assertEquals(T0.plusSeconds(4), w.left.deadline().orElseThrow());
        w.tick(T0.plusSeconds(3));
        assertEquals(2, w.leftSent.size(), "nothing resent before the timeout");
        w.tick(T0.plusSeconds(4));
        // message 3 resent byte for byte; the responder sees its duplicate and resends message 4 unchanged
        assertArrayEquals(w.leftSent.get(1), w.leftSent.get(2));
        assertArrayEquals(w.rightSent.get(1), w.rightSent.get(2));
        assertTrue(w.left.establishedSa().isPresent());
        assertTrue(w.right.establishedSa().isPresent());
    }

    @Test
    void aLostLastMessageIsResentWhenThePeerRepeatsItself() {
        Wire w = wire();
        w.run(true, w.left.initiate(T0), T0);
        w.drop = (fromLeft, i) -> fromLeft && i == 4; // quick mode's HASH(3) is lost
        w.run(true, w.left.startQuickMode(TestPeers.child(true, 14, 3600, EspProposal.aesCbcSha256(128)), T0), T0);
        assertEquals(1, w.left.childSas().size());
        assertTrue(w.right.childSas().isEmpty(), "the responder waits for HASH(3)");
        w.tick(T0.plusSeconds(4)); // the responder resends HASH(2); the initiator answers with the same HASH(3)
        assertArrayEquals(w.leftSent.get(4), w.leftSent.get(5));
        assertEquals(1, w.right.childSas().size());
        assertArrayEquals(w.left.childSas().getFirst().outbound().encryptionKey(),
                w.right.childSas().getFirst().inbound().encryptionKey());
    }

    @Test
    void aLateDuplicateOfAnEarlierMessageIsDroppedNotFatal() {
        Wire w = wire();
        w.drop = (fromLeft, i) -> fromLeft && i == 2; // message 5 is held back
        w.run(true, w.left.initiate(T0), T0);
        TaskStep late = w.right.receive(w.leftSent.getFirst(), false, T0); // message 1 again, long after
        assertTrue(late.send().isEmpty());
        assertTrue(late.events().getFirst() instanceof IkeEvent.MessageDropped);
        w.drop = (fromLeft, i) -> false;
        w.tick(T0.plusSeconds(4)); // message 5 resent and answered
        assertTrue(w.left.establishedSa().isPresent());
        assertTrue(w.right.establishedSa().isPresent());
    }

    @Test
    void aSilentPeerFailsTheExchangeAfterTheBackoffRunsOut() {
        Wire w = wire();
        w.drop = (fromLeft, i) -> fromLeft; // nothing reaches the responder
        w.run(true, w.left.initiate(T0), T0);
        Instant now = T0;
        Duration[] waits = {Duration.ofMillis(4000), Duration.ofMillis(7200), Duration.ofMillis(12960),
            Duration.ofMillis(23328), Duration.ofNanos(41990400000L), Duration.ofNanos(75582720000L)};
        for (Duration d : waits) {
            now = now.plus(d);
            assertEquals(now, w.left.deadline().orElseThrow());
            w.tick(now);
        }
        assertEquals(6, w.leftSent.size(), "the first transmission and five resends (strongSwan's defaults)");
        for (byte[] resent : w.leftSent) {
            assertArrayEquals(w.leftSent.getFirst(), resent);
        }
        IkeEvent.ExchangeFailed f = w.events(true, IkeEvent.ExchangeFailed.class).getFirst();
        assertTrue(f.reason().contains("no answer") && f.reason().contains("6 transmissions"), f.reason());
        assertTrue(w.left.failed());
        assertTrue(w.left.deadline().isEmpty());
    }
}
