package io.gmgw.sslvpn.tlcp.engine;

import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpSessionCache;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import io.gmgw.sslvpn.tlcp.record.ContentType;
import io.gmgw.sslvpn.tlcp.record.RecordLayer;
import java.util.HexFormat;

/**
 * The alert side of a {@link TlcpEngine} (TLS 1.1 §7.2, which GM/T 0024 keeps): sends alerts, reads the peer's, keeps
 * the closure state each way (close_notify sent, received), and after a fatal alert, sent or received, takes the
 * connection's session out of the cache so that it is never resumed.
 */
final class AlertProtocol {
    /** AlertLevel (TLS 1.1 §7.2). */
    static final int WARNING = 1;
    static final int FATAL = 2;

    private final TlcpEngine engine;
    private final TlcpConfig config;
    private final TlcpEngine.Listener listener;
    private final RecordLayer records;
    /** The client's session-cache key for its server ("host:port"), or null; unused by a server. */
    private final String peer;
    private boolean closeNotifySent;
    private boolean closeNotifyReceived;

    AlertProtocol(TlcpEngine engine, TlcpConfig config, TlcpEngine.Listener listener, RecordLayer records,
            String peer) {
        this.engine = engine;
        this.config = config;
        this.listener = listener;
        this.records = records;
        this.peer = peer;
    }

    boolean closeNotifySent() {
        return closeNotifySent;
    }

    boolean closeNotifyReceived() {
        return closeNotifyReceived;
    }

    /** Sends close_notify (once); the engine closes when nothing more can come: the peer's came, or no handshake did. */
    void closeOutbound() {
        if (closeNotifySent || engine.status() == TlcpEngine.Status.CLOSED) {
            return;
        }
        closeNotifySent = true;
        send(WARNING, AlertDescription.CLOSE_NOTIFY);
        if (closeNotifyReceived || engine.status() == TlcpEngine.Status.HANDSHAKING) {
            engine.close();
        }
    }

    /** A fatal alert for a failure this side noticed: sent, and the session forgotten. The engine closes after it. */
    void sendFatal(AlertDescription alert) {
        send(FATAL, alert);
        forgetSession();
    }

    void send(int level, AlertDescription alert) {
        try {
            listener.networkOutput(records.write(ContentType.ALERT, new byte[] {(byte) level, (byte) alert.code()}, 0, 2));
        } catch (RuntimeException e) {
            // The alert is a courtesy; the connection is going down anyway.
        }
    }

    /**
     * The peer's alert record. A warning lets the connection go on (true); close_notify ends the peer's data (false);
     * anything else is the peer's failure, thrown as a {@link TlcpAlertException} from the peer.
     */
    boolean receive(byte[] data, int off, int len) {
        if (len != 2) {
            throw new TlcpAlertException(AlertDescription.DECODE_ERROR, "alert record of " + len + " bytes (must be 2)");
        }
        int level = data[off] & 0xff;
        int code = data[off + 1] & 0xff;
        AlertDescription d = AlertDescription.fromCode(code);
        if (d == AlertDescription.CLOSE_NOTIFY) {
            if (engine.status() == TlcpEngine.Status.HANDSHAKING) {
                // The peer gave up on the handshake: a failure for whoever waits for it, not an end of data.
                throw TlcpAlertException.received(d, code);
            }
            closeNotifyReceived = true;
            listener.closeNotifyReceived();
            if (closeNotifySent) {
                engine.close();
            }
            return false;
        }
        if (level == WARNING && d != null && d != AlertDescription.NO_RENEGOTIATION) {
            return true; // a warning: TLS 1.1 §7.2 lets the connection go on
        }
        if (level != WARNING) {
            forgetSession(); // a fatal alert (or one of no known level, taken as fatal)
        }
        throw TlcpAlertException.received(d, code);
    }

    /**
     * After a fatal alert, sent or received, this connection's session must not be resumed (RFC 5246 §7.2.2, as TLS
     * 1.1 before it): it leaves the session cache. Before ServerHello there is no session to forget; after it, the
     * one agreed (a new one, not cached yet, or the one being resumed); once established, the established one. The
     * client's cache is keyed by server, so only an entry of this very session is removed, not a newer one.
     */
    void forgetSession() {
        TlcpSessionCache cache = config.sessionCache();
        if (cache == null) {
            return;
        }
        byte[] id = engine.agreedSessionId();
        if (id == null || id.length == 0) {
            return;
        }
        String key = config.isServer() ? HexFormat.of().formatHex(id) : peer;
        if (key != null) {
            cache.remove(key, id);
        }
    }
}
