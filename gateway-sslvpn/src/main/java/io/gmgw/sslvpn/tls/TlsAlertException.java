package io.gmgw.sslvpn.tls;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;

/**
 * A TLS connection ended by a fatal alert, ours or the peer's, with why: the cause in a failed
 * {@link io.gmgw.sslvpn.channel.SecureChannelEvent}, so logs and the audit layer can name the alert.
 */
public final class TlsAlertException extends IOException {
    private final short alert;
    private final boolean fromPeer;

    public TlsAlertException(short alert, boolean fromPeer, String message, Throwable cause) {
        super(message, cause);
        this.alert = alert;
        this.fromPeer = fromPeer;
    }

    /** The alert's code (RFC 8446 §6). */
    public short alert() {
        return alert;
    }

    /** {@code certificate_revoked}: the alert's name as the RFCs write it. */
    public String alertName() {
        return AlertDescription.getName(alert);
    }

    public boolean fromPeer() {
        return fromPeer;
    }

    /** {@code certificate_revoked(44)}, for log lines. */
    public String display() {
        return alertName() + "(" + alert + ")";
    }
}
