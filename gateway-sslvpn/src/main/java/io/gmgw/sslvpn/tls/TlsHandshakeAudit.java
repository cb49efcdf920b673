package io.gmgw.sslvpn.tls;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.sslvpn.channel.SecureSession;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The {@code tls.handshake} audit records (docs/audit-events.md): on success the client certificate's subject and
 * serial with version and suite, on failure the alert, who sent it and why. Throws what the audit sink throws.
 */
final class TlsHandshakeAudit {
    private TlsHandshakeAudit() {
    }

    static void established(Audit audit, String remote, SecureSession session, X509CertificateHolder peer) {
        if (audit == null) {
            return;
        }
        audit.success(AuditEventType.TLS_HANDSHAKE)
                .subject(peer == null ? null : peer.getSubject().toString()).object(remote)
                .correlate("peerSerial", peer == null ? null : peer.getSerialNumber().toString(16))
                .detail("version", session.protocol()).detail("suite", session.cipherSuite())
                .detail("resumed", session.resumed()).write();
    }

    static void failed(Audit audit, String remote, TlsAlertException failure) {
        if (audit == null) {
            return;
        }
        audit.failure(AuditEventType.TLS_HANDSHAKE, failure.getMessage()).object(remote)
                .detail("alert", failure.alertName()).detail("alertCode", failure.alert())
                .detail("alertFrom", failure.fromPeer() ? "peer" : "us").write();
    }
}
