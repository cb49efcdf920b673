package io.gmgw.ipsec.ike.task;

import io.gmgw.crypto.pki.FailureReason;
import io.gmgw.ipsec.ike.sa.ChildSa;
import io.gmgw.ipsec.ike.sa.IsakmpSa;
import io.gmgw.ipsec.isakmp.payload.Delete;
import io.gmgw.ipsec.isakmp.payload.Notification;
import java.net.InetSocketAddress;

/** What an exchange reports to the SA manager that drives it. */
public sealed interface IkeEvent {
    /** Main mode finished: the ISAKMP SA is usable. {@code initialContact}: the peer asked us to drop older SAs. */
    record IsakmpSaEstablished(IsakmpSa sa, boolean initialContact) implements IkeEvent {
    }

    /** Quick mode finished: a CHILD SA pair for the data plane. */
    record ChildSaEstablished(ChildSa child) implements IkeEvent {
    }

    /**
     * An exchange failed: which, the notify type that says why (sent to the peer when {@code sentNotify}), and a
     * message for the log (no secrets).
     */
    record ExchangeFailed(String exchange, int notifyType, String reason, boolean sentNotify) implements IkeEvent {
    }

    /** A notification from the peer; {@code authenticated}: it came in an encrypted, hashed informational exchange. */
    record NotifyReceived(Notification notification, boolean authenticated) implements IkeEvent {
    }

    /** An authenticated delete from the peer (RFC 2408 §3.15): for the ISAKMP SA or for ESP SPIs. */
    record DeleteReceived(Delete delete) implements IkeEvent {
    }

    /**
     * The peer failed authentication in main mode (GM digital envelope): a certificate refused by the PKI, an envelope
     * that does not open, a signature that does not verify, an identity its certificate does not back. Reported next
     * to {@link ExchangeFailed}, for the SA manager to write as an audit line: the peer's address, the notify sent,
     * the certificate concerned (its role {@code "signing"} or {@code "encryption"}, subject and serial; null when
     * none was involved or readable), the PKI's {@link FailureReason} for a refused certificate (else null), and a
     * message for the operator (no secrets).
     */
    record PeerAuthenticationFailed(InetSocketAddress peer, int notifyType, String certificateRole,
            String certificateSubject, String certificateSerial, FailureReason certificateProblem, String reason)
            implements IkeEvent {
    }

    /** A message we refused without it belonging to a running exchange (counted, answered when known). */
    record MessageDropped(String reason) implements IkeEvent {
    }
}
