package io.gmgw.ipsec.ike.task;

import io.gmgw.crypto.pki.FailureReason;
import io.gmgw.crypto.pki.Sm2Certificate;
import java.net.InetSocketAddress;

/**
 * The peer did not authenticate (GM digital envelope): like {@code IkeNotifyException} it names the notify to answer
 * with, and it carries what the audit line needs ({@link IkeEvent.PeerAuthenticationFailed}).
 */
final class PeerAuthenticationException extends RuntimeException {
    private final int notifyType;
    private final String role;
    private final Sm2Certificate certificate;
    private final FailureReason problem;

    PeerAuthenticationException(int notifyType, String message, String role, Sm2Certificate certificate,
            FailureReason problem) {
        super(message);
        this.notifyType = notifyType;
        this.role = role;
        this.certificate = certificate;
        this.problem = problem;
    }

    PeerAuthenticationException(int notifyType, String message) {
        this(notifyType, message, null, null, null);
    }

    int notifyType() {
        return notifyType;
    }

    IkeEvent.PeerAuthenticationFailed event(InetSocketAddress peer) {
        return new IkeEvent.PeerAuthenticationFailed(peer, notifyType, role,
                certificate == null ? null : certificate.subject().toString(),
                certificate == null ? null : certificate.serialHex(), problem, getMessage());
    }
}
