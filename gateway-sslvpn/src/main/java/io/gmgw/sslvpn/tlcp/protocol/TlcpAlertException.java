package io.gmgw.sslvpn.tlcp.protocol;

/**
 * A fatal TLCP error, carrying the alert that was (or will be) sent, or that the peer sent us. Never caught and
 * ignored: the connection ends with it.
 */
public class TlcpAlertException extends RuntimeException {
    private final AlertDescription alert;
    private final boolean fromPeer;

    public TlcpAlertException(AlertDescription alert, String message) {
        this(alert, message, false, null);
    }

    public TlcpAlertException(AlertDescription alert, String message, Throwable cause) {
        this(alert, message, false, cause);
    }

    private TlcpAlertException(AlertDescription alert, String message, boolean fromPeer, Throwable cause) {
        super(message, cause);
        this.alert = alert;
        this.fromPeer = fromPeer;
    }

    /** The peer sent a fatal alert. */
    public static TlcpAlertException received(AlertDescription alert, int code) {
        String name = alert == null ? "unknown alert(" + code + ")" : alert.display();
        String message = alert == AlertDescription.CLOSE_NOTIFY
                ? "the peer closed the connection (close_notify) before the handshake finished"
                : "the peer sent the fatal alert " + name;
        return new TlcpAlertException(alert == null ? AlertDescription.HANDSHAKE_FAILURE : alert, message, true, null);
    }

    /** The same failure with {@code context} added to its (local) message. */
    public TlcpAlertException withContext(String context) {
        return new TlcpAlertException(alert, getMessage() + " (" + context + ")", fromPeer, getCause());
    }

    public AlertDescription alert() {
        return alert;
    }

    /** True when the peer sent the alert, false when we detected the problem and send it. */
    public boolean fromPeer() {
        return fromPeer;
    }
}
