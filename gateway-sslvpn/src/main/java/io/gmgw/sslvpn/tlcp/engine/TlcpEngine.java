package io.gmgw.sslvpn.tlcp.engine;

import io.gmgw.sslvpn.tlcp.KeyOperation;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import io.gmgw.sslvpn.tlcp.record.ContentType;
import io.gmgw.sslvpn.tlcp.record.RecordLayer;

/**
 * A TLCP connection without I/O: network bytes and application data go in, network bytes, application data and
 * events come out through the {@link Listener}. No threads, sockets or clocks (the handshake timeout belongs to
 * whoever drives the engine). Not thread-safe: one caller at a time, as a Netty event loop guarantees.
 *
 * <p>Every failure is a {@link TlcpAlertException}: the engine has already queued the fatal alert for the peer
 * (unless the peer sent it) and is closed when the exception leaves it.
 *
 * <p>Private-key operations (a token's signature or decryption may take milliseconds) can be taken out of the engine,
 * as SSLEngine's delegated tasks are: the engine offers each to {@link Listener#delegate}; one taken is run by the
 * caller anywhere, and {@link #resume()} continues the handshake with its result. Meanwhile the engine sends nothing
 * and keeps what it receives (bounded), to read it in order after the operation.
 *
 * <p>This class is the connection and its record side: it reads records and hands each to its part, protects and
 * opens application data, bounds the records that carry nothing, and turns every failure into a fatal alert. The
 * handshake side ({@link HandshakeDriver}: flights, ChangeCipherSpec, key operations, renegotiation refused) and the
 * alert side ({@link AlertProtocol}: alerts each way, close_notify, forgetting a failed session) are its own files.
 */
public final class TlcpEngine {
    /** Where the engine's output goes. Arrays handed out are the listener's to keep. */
    public interface Listener {
        /** Bytes to write to the peer, in order. */
        void networkOutput(byte[] bytes);

        /** Decrypted application data. */
        void applicationData(byte[] data, int off, int len);

        /** The handshake finished; application data may flow. */
        void handshakeComplete(TlcpSession session);

        /** The peer sent close_notify: it will send nothing more. */
        default void closeNotifyReceived() {
        }

        /**
         * The handshake needs a private-key operation. False (the default) has the engine run it at once, on this
         * thread. True takes it: run {@link KeyOperation#run()} anywhere, then call {@link #resume()} on the engine's
         * thread; until then the handshake waits. Called from inside the engine: do not call the engine from here.
         */
        default boolean delegate(KeyOperation operation) {
            return false;
        }
    }

    /** Where the connection is. */
    public enum Status { HANDSHAKING, ESTABLISHED, CLOSED }

    /** How many records carrying nothing may arrive in a row; one more is unexpected_message. */
    public static final int MAX_IDLE_RECORDS = 32;

    private final TlcpConfig config;
    private final Listener listener;
    private final RecordLayer records = new RecordLayer();
    private final AlertProtocol alerts;
    private final HandshakeDriver handshake;
    private Status status = Status.HANDSHAKING;
    private TlcpSession session;
    /** Empty application-data records and warning alerts in a row (see {@link #record}). */
    private int idleRecords;

    /** {@code peer}: the client's session-cache key for its server ("host:port"), or null; unused by a server. */
    private TlcpEngine(TlcpConfig config, Listener listener, String peer) {
        this.config = config;
        this.listener = listener;
        this.records.maxWriteFragment(config.maxWriteFragment());
        this.alerts = new AlertProtocol(this, config, listener, records, peer);
        this.handshake = new HandshakeDriver(this, alerts, config, listener, records, peer);
    }

    public static TlcpEngine server(TlcpConfig config, Listener listener) {
        if (!config.isServer()) {
            throw new IllegalArgumentException("a client configuration was given for a server engine");
        }
        return new TlcpEngine(config, listener, null);
    }

    /** A client engine; {@code peer} ("host:port") keys the session cache, null for no resumption. */
    public static TlcpEngine client(TlcpConfig config, Listener listener, String peer) {
        if (config.isServer()) {
            throw new IllegalArgumentException("a server configuration was given for a client engine");
        }
        return new TlcpEngine(config, listener, peer);
    }

    public Status status() {
        return status;
    }

    /** The established session, or null before the handshake completes. */
    public TlcpSession session() {
        return session;
    }

    public TlcpConfig config() {
        return config;
    }

    /** The handshake state, for timeout messages ("WAIT_CLIENT_KEY_EXCHANGE", "WAIT_KEY_OPERATION"). */
    public String handshakeState() {
        String state = handshake.state();
        return state == null ? status.name() : state;
    }

    /** The key operation taken by the listener and not yet resumed, or null. */
    public KeyOperation pendingKeyOperation() {
        return handshake.pendingKeyOperation();
    }

    /** Starts the handshake (the client sends its ClientHello; a server waits). */
    public void start() {
        guard(handshake::start);
    }

    /**
     * Continues the handshake after the key operation the listener took has run: with its result, or with
     * internal_error when it failed. Then reads what arrived meanwhile, in order. Nothing happens on a closed
     * engine (the operation's result was wiped when it closed).
     */
    public void resume() {
        if (status == Status.CLOSED) {
            return;
        }
        handshake.checkResumable();
        guard(() -> {
            byte[] later = handshake.resume();
            if (later != null) {
                input(later, 0, later.length);
            }
            handshake.flushFlight();
        });
    }

    /**
     * Bytes from the peer; ignored once the peer sent close_notify (TLS 1.1 §7.2.1: nothing follows it). The engine
     * only reads {@code data} and keeps no reference to it once this returns (what it must keep, it copies), so
     * callers may reuse the array.
     */
    public void receive(byte[] data, int off, int len) {
        if (status == Status.CLOSED || alerts.closeNotifyReceived()) {
            return;
        }
        guard(() -> {
            if (handshake.waitsForKeyOperation()) {
                handshake.hold(data, off, len);
                return;
            }
            input(data, off, len);
            handshake.flushFlight();
        });
    }

    /**
     * Application data to protect and send; only once established. As with {@link #receive}, {@code data} is only read
     * and not kept.
     */
    public void send(byte[] data, int off, int len) {
        if (status != Status.ESTABLISHED || alerts.closeNotifySent()) {
            throw new IllegalStateException("cannot send application data: the connection is " + status
                    + (alerts.closeNotifySent() ? " (close_notify sent)" : ""));
        }
        if (len == 0) {
            return;
        }
        guard(() -> listener.networkOutput(records.write(ContentType.APPLICATION_DATA, data, off, len)));
    }

    /** Sends close_notify (once). The engine is closed for sending; it still reads until the peer's close_notify. */
    public void closeOutbound() {
        alerts.closeOutbound();
    }

    public boolean isOutboundClosed() {
        return alerts.closeNotifySent();
    }

    public boolean isInboundClosed() {
        return alerts.closeNotifyReceived();
    }

    /** Drops every secret; the engine is unusable afterwards. */
    public void close() {
        if (status == Status.CLOSED) {
            return;
        }
        status = Status.CLOSED;
        handshake.abandon();
        records.destroy();
    }

    /** Sends a fatal alert for a failure noticed outside the engine (for example the handshake timer). */
    public void fail(AlertDescription alert) {
        if (status == Status.CLOSED) {
            return;
        }
        alerts.sendFatal(alert);
        close();
    }

    boolean isClosed() {
        return status == Status.CLOSED;
    }

    /** The handshake succeeded (called by the handshake side, which has let go of its state machine). */
    void established(TlcpSession established) {
        session = established;
        status = Status.ESTABLISHED;
        listener.handshakeComplete(established);
    }

    /** The session of this connection, established or agreed by ServerHello; null or empty before that. */
    byte[] agreedSessionId() {
        return session != null ? session.sessionId() : handshake.sessionId();
    }

    private void guard(Runnable action) {
        try {
            action.run();
        } catch (TlcpAlertException e) {
            TlcpAlertException failure = e;
            if (!e.fromPeer() && status != Status.CLOSED) {
                handshake.flushFlight();
                alerts.sendFatal(e.alert());
                String withheld = handshake.withheldProblem();
                if (withheld != null) {
                    failure = e.withContext(withheld);
                }
            }
            close();
            throw failure;
        } catch (RuntimeException e) {
            if (status != Status.CLOSED) {
                alerts.sendFatal(AlertDescription.INTERNAL_ERROR);
            }
            close();
            throw new TlcpAlertException(AlertDescription.INTERNAL_ERROR, "internal error in the TLCP engine: " + e, e);
        }
    }

    /** Reads bytes; what comes after a record that handed out a key operation is kept for {@link #resume()}. */
    private void input(byte[] data, int off, int len) {
        int used = records.receive(data, off, len, this::record);
        if (used < len && handshake.waitsForKeyOperation() && status != Status.CLOSED) {
            handshake.hold(data, off + used, len - used);
        }
    }

    /** One record from the peer, opened; true while the next may be read now. */
    private boolean record(int type, byte[] data, int off, int len) {
        // Records that carry nothing (empty application data, warning alerts) cost a MAC check each and deliver
        // nothing: a peer that sends them without end is spending our CPU (the "SSL death alert" attack,
        // CVE-2016-8610). OpenSSL caps both; so do we.
        boolean idle = (type == ContentType.APPLICATION_DATA && len == 0)
                || (type == ContentType.ALERT && len == 2 && data[off] == AlertProtocol.WARNING && data[off + 1] != 0);
        idleRecords = idle ? idleRecords + 1 : 0;
        if (idleRecords > MAX_IDLE_RECORDS) {
            throw new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE, "more than " + MAX_IDLE_RECORDS
                    + " records in a row carried no data (empty records or warning alerts)");
        }
        switch (type) {
            case ContentType.HANDSHAKE -> {
                return handshake.record(data, off, len);
            }
            case ContentType.CHANGE_CIPHER_SPEC -> handshake.changeCipherSpec(data, off, len);
            case ContentType.ALERT -> {
                return alerts.receive(data, off, len);
            }
            case ContentType.APPLICATION_DATA -> {
                if (status != Status.ESTABLISHED) {
                    throw new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE,
                            "application data before the handshake finished");
                }
                if (len > 0) {
                    listener.applicationData(data, off, len);
                }
            }
            default -> throw new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE, "record type " + type);
        }
        return status != Status.CLOSED;
    }
}
