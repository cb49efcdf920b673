package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.ike.config.RetransmitPolicy;
import java.time.Instant;
import java.util.Optional;

/**
 * The retransmission timer of one exchange, on the caller's clock: the last message we sent that expects an answer,
 * resent byte for byte (RFC 2408 §5: a retransmission is the same message) after the policy's backoff, until the
 * tries are spent. A message that expects no answer (the last of an exchange) is kept only for answering duplicates.
 */
final class Retransmission {
    private final RetransmitPolicy policy;
    private Outbound last;
    private int transmissions;
    private Instant deadline;

    Retransmission(RetransmitPolicy policy) {
        this.policy = policy;
    }

    /** {@code o} was sent now and expects an answer. */
    Outbound sent(Outbound o, Instant now) {
        last = o;
        transmissions = 0;
        deadline = now.plus(policy.delay(0));
        return o;
    }

    /** {@code o} was sent now and ends our part: no timer, resent only when the peer repeats itself. */
    Outbound sentFinal(Outbound o) {
        last = o;
        deadline = null;
        return o;
    }

    /** An awaited answer arrived: stop the timer (the message is kept for duplicates). */
    void answered() {
        deadline = null;
    }

    /** Our last message, for a peer that repeated its own (its copy of ours was lost). */
    Optional<Outbound> last() {
        return Optional.ofNullable(last);
    }

    Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    enum Due { NOTHING, RESEND, GIVE_UP }

    /** What is due at {@code now}: nothing, a resend (the timer re-armed with the next backoff), or giving up. */
    Due due(Instant now) {
        if (deadline == null || now.isBefore(deadline)) {
            return Due.NOTHING;
        }
        if (transmissions >= policy.tries()) {
            deadline = null;
            return Due.GIVE_UP;
        }
        transmissions++;
        deadline = now.plus(policy.delay(transmissions));
        return Due.RESEND;
    }

    int transmissions() {
        return transmissions + 1;
    }
}
