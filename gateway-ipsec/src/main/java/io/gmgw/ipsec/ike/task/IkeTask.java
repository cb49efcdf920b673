package io.gmgw.ipsec.ike.task;

import java.time.Instant;
import java.util.Optional;

/**
 * One IKE exchange, initiator or responder (chosen at construction, strongSwan's task model): sans-I/O, messages in
 * and messages and events out, every timer on the caller's clock through {@link #tick} and {@link #deadline}.
 */
public interface IkeTask {
    /** The initiator's first message; a responder has nothing to start. */
    TaskStep start(Instant now);

    /** A message of this exchange (the caller routes by cookies, exchange type and message id). */
    TaskStep receive(Inbound message, Instant now);

    /** Retransmissions and timeouts due at {@code now}. */
    TaskStep tick(Instant now);

    /** When {@link #tick} next has something to do. */
    Optional<Instant> deadline();

    /** Finished, successfully or not (a finished task still answers duplicates of the peer's last message). */
    boolean finished();
}
