package io.gmgw.ipsec.manager;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntSupplier;

/**
 * RFC 3706 dead peer detection for one peer, a pure timer: told when the peer was last heard from (an IKE message, a
 * rise in its pairs' inbound packet count) and which acknowledgements came, it says when to send R-U-THERE with
 * which sequence number and when the peer is dead.
 */
final class DeadPeerDetection {
    private final DpdPolicy policy;
    private Instant lastHeard;
    private long lastInboundPackets;
    private int sequence;
    private Instant firstSent;
    private Instant lastSent;
    private int outstanding;
    private Instant lastAck;

    DeadPeerDetection(DpdPolicy policy) {
        this.policy = policy;
    }

    /**
     * An IKE message came from the peer: the interval starts again; outstanding R-U-THEREs stay until their ACK
     * (it may be this very message).
     */
    void heard(Instant now) {
        lastHeard = now;
    }

    /** The peer's pairs' inbound packet count, polled: any rise means it lives. */
    void inboundPackets(long total, Instant now) {
        if (total != lastInboundPackets) {
            lastInboundPackets = total;
            lastHeard = now;
            outstanding = 0;
        }
    }

    /** An R-U-THERE-ACK with {@code seq}: accepted when it is one of the outstanding numbers (RFC 3706 §7). */
    boolean acknowledged(int seq, Instant now) {
        if (outstanding > 0 && Integer.compareUnsigned(sequence - seq, outstanding) < 0) {
            outstanding = 0;
            lastAck = now;
            lastHeard = now;
            return true;
        }
        return false;
    }

    /** Whether the first unanswered R-U-THERE is older than the timeout. */
    boolean dead(Instant now) {
        return outstanding > 0 && !now.isBefore(firstSent.plus(policy.timeout()));
    }

    /** The sequence number of an R-U-THERE to send now, if one is due. */
    OptionalInt due(Instant now, IntSupplier random) {
        if (lastHeard == null) {
            lastHeard = now;
        }
        Instant from = outstanding == 0 ? lastHeard : lastSent;
        if (now.isBefore(from.plus(policy.interval()))) {
            return OptionalInt.empty();
        }
        if (outstanding == 0) {
            firstSent = now;
            if (sequence == 0) {
                sequence = random.getAsInt() & 0x7fff_ffff; // RFC 3706 §7: the first number is random
            }
        }
        sequence++;
        outstanding++;
        lastSent = now;
        return OptionalInt.of(sequence);
    }

    Optional<Instant> deadline() {
        if (lastHeard == null) {
            return Optional.empty();
        }
        if (outstanding == 0) {
            return Optional.of(lastHeard.plus(policy.interval()));
        }
        Instant next = lastSent.plus(policy.interval());
        Instant death = firstSent.plus(policy.timeout());
        return Optional.of(next.isBefore(death) ? next : death);
    }

    /** Forgets the peer (its SAs are gone). */
    void reset() {
        lastHeard = null;
        outstanding = 0;
    }

    Instant firstSent() {
        return firstSent;
    }

    int outstanding() {
        return outstanding;
    }

    Instant lastAck() {
        return lastAck;
    }
}
