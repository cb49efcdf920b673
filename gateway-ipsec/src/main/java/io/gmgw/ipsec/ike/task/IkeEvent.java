package io.gmgw.ipsec.ike.task;

import io.gmgw.ipsec.ike.sa.ChildSa;
import io.gmgw.ipsec.ike.sa.IsakmpSa;
import io.gmgw.ipsec.isakmp.payload.Delete;
import io.gmgw.ipsec.isakmp.payload.Notification;

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

    /** A message we refused without it belonging to a running exchange (counted, answered when known). */
    record MessageDropped(String reason) implements IkeEvent {
    }
}
