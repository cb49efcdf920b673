package io.gmgw.sslvpn.tlcp.engine;

import io.gmgw.sslvpn.tlcp.KeyOperation;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.gmgw.sslvpn.tlcp.TlcpSessionCache;
import io.gmgw.sslvpn.tlcp.handshake.ClientHandshake;
import io.gmgw.sslvpn.tlcp.handshake.Handshake;
import io.gmgw.sslvpn.tlcp.handshake.HandshakeOutput;
import io.gmgw.sslvpn.tlcp.handshake.PendingKeyOperation;
import io.gmgw.sslvpn.tlcp.handshake.ServerHandshake;
import io.gmgw.sslvpn.tlcp.message.HandshakeReassembler;
import io.gmgw.sslvpn.tlcp.message.HandshakeType;
import io.gmgw.sslvpn.tlcp.message.RawHandshake;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import io.gmgw.sslvpn.tlcp.record.ContentType;
import io.gmgw.sslvpn.tlcp.record.RecordCipher;
import io.gmgw.sslvpn.tlcp.record.RecordLayer;
import java.io.ByteArrayOutputStream;

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

    private final TlcpConfig config;
    private final Listener listener;
    /** The client's session-cache key for its server ("host:port"), or null; unused by a server. */
    private final String peer;
    private final RecordLayer records = new RecordLayer();
    private final HandshakeReassembler reassembler;
    private Handshake handshake;
    private RecordCipher pendingRead;
    /** Handshake messages waiting to be sent; null once the handshake is over. */
    private java.util.List<byte[]> flight = new java.util.ArrayList<>();
    private Status status = Status.HANDSHAKING;
    private TlcpSession session;
    private boolean closeNotifySent;
    private boolean closeNotifyReceived;
    /** Empty application-data records and warning alerts in a row (see {@link #record}). */
    private int idleRecords;
    /** How many records carrying nothing may arrive in a row; one more is unexpected_message. */
    public static final int MAX_IDLE_RECORDS = 32;
    /** The key operation the handshake waits for, or null. */
    private PendingKeyOperation<?> keyOperation;
    /** Whether {@link #keyOperation} was taken by the listener (the engine waits for {@link #resume()}). */
    private boolean keyOperationOut;
    /** Bytes received while a key operation is out, to be read after it. */
    private final HeldInput held;

    private TlcpEngine(TlcpConfig config, Listener listener, String peer) {
        this.config = config;
        this.listener = listener;
        this.peer = peer;
        this.reassembler = new HandshakeReassembler(config.maxHandshakeMessageLength());
        this.records.maxWriteFragment(config.maxWriteFragment());
        // What an honest peer may send before it hears from us: its largest handshake message and the records that
        // follow it in the same flight (CertificateVerify, ChangeCipherSpec, Finished), each at most a full record.
        this.held = new HeldInput(config.maxHandshakeMessageLength()
                + 4 * (RecordLayer.HEADER_LENGTH + RecordLayer.MAX_FRAGMENT));
        HandshakeOutput output = new Output();
        this.handshake = config.isServer() ? new ServerHandshake(config, output)
                : new ClientHandshake(config, output, peer);
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
        return handshake == null ? status.name() : handshake.state();
    }

    /** The key operation taken by the listener and not yet resumed, or null. */
    public KeyOperation pendingKeyOperation() {
        return keyOperationOut ? keyOperation : null;
    }

    /** Starts the handshake (the client sends its ClientHello; a server waits). */
    public void start() {
        guard(() -> {
            handshake.start();
            runKeyOperations();
            flushFlight();
        });
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
        if (!keyOperationOut || !keyOperation.isDone()) {
            throw new IllegalStateException(keyOperationOut ? "the key operation (" + keyOperation.description()
                    + ") has not finished" : "no key operation is out");
        }
        guard(() -> {
            PendingKeyOperation<?> done = keyOperation;
            keyOperation = null;
            keyOperationOut = false;
            done.resume();
            runKeyOperations();
            if (!keyOperationOut && status != Status.CLOSED) {
                reassembler.drain(this::handshakeMessage);
            }
            if (!keyOperationOut && status != Status.CLOSED && !held.isEmpty()) {
                byte[] later = held.take();
                input(later, 0, later.length);
            }
            flushFlight();
        });
    }

    /** Runs the handshake's key operations here until the listener takes one or none is left. */
    private void runKeyOperations() {
        while (keyOperation != null && !keyOperationOut && status != Status.CLOSED) {
            if (listener.delegate(keyOperation)) {
                keyOperationOut = true;
                return;
            }
            PendingKeyOperation<?> op = keyOperation;
            keyOperation = null;
            op.run();
            op.resume();
        }
    }

    /** Reads bytes; what comes after a record that handed out a key operation is kept for {@link #resume()}. */
    private void input(byte[] data, int off, int len) {
        int used = records.receive(data, off, len, this::record);
        if (used < len && keyOperationOut && status != Status.CLOSED) {
            hold(data, off + used, len - used);
        }
    }

    private void hold(byte[] data, int off, int len) {
        if (!held.hold(data, off, len)) {
            throw new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE, "the peer sent more than " + held.max()
                    + " bytes while the handshake waited for a key operation (" + keyOperation.description() + ")");
        }
    }

    /**
     * Bytes from the peer; ignored once the peer sent close_notify (TLS 1.1 §7.2.1: nothing follows it). The engine
     * only reads {@code data} and keeps no reference to it once this returns (what it must keep, it copies), so
     * callers may reuse the array.
     */
    public void receive(byte[] data, int off, int len) {
        if (status == Status.CLOSED || closeNotifyReceived) {
            return;
        }
        guard(() -> {
            if (keyOperationOut) {
                hold(data, off, len);
                return;
            }
            input(data, off, len);
            flushFlight();
        });
    }

    /**
     * Application data to protect and send; only once established. As with {@link #receive}, {@code data} is only read
     * and not kept.
     */
    public void send(byte[] data, int off, int len) {
        if (status != Status.ESTABLISHED || closeNotifySent) {
            throw new IllegalStateException("cannot send application data: the connection is " + status
                    + (closeNotifySent ? " (close_notify sent)" : ""));
        }
        if (len == 0) {
            return;
        }
        guard(() -> listener.networkOutput(records.write(ContentType.APPLICATION_DATA, data, off, len)));
    }

    /** Sends close_notify (once). The engine is closed for sending; it still reads until the peer's close_notify. */
    public void closeOutbound() {
        if (closeNotifySent || status == Status.CLOSED) {
            return;
        }
        closeNotifySent = true;
        sendAlert(1, AlertDescription.CLOSE_NOTIFY);
        if (closeNotifyReceived || status == Status.HANDSHAKING) {
            close();
        }
    }

    public boolean isOutboundClosed() {
        return closeNotifySent;
    }

    public boolean isInboundClosed() {
        return closeNotifyReceived;
    }

    /** Drops every secret; the engine is unusable afterwards. */
    public void close() {
        if (status == Status.CLOSED) {
            return;
        }
        status = Status.CLOSED;
        if (keyOperation != null) {
            keyOperation.discard();
            keyOperation = null;
            keyOperationOut = false;
        }
        held.clear();
        if (handshake != null) {
            handshake.abandon();
            handshake = null;
        }
        if (pendingRead != null) {
            pendingRead.destroy();
            pendingRead = null;
        }
        records.destroy();
    }

    /** Sends a fatal alert for a failure noticed outside the engine (for example the handshake timer). */
    public void fail(AlertDescription alert) {
        if (status == Status.CLOSED) {
            return;
        }
        sendAlert(2, alert);
        forgetSession();
        close();
    }

    private void guard(Runnable action) {
        try {
            action.run();
        } catch (TlcpAlertException e) {
            TlcpAlertException failure = e;
            if (!e.fromPeer() && status != Status.CLOSED) {
                flushFlight();
                sendAlert(2, e.alert());
                forgetSession();
                String withheld = handshake == null ? null : handshake.withheldProblem();
                if (withheld != null) {
                    failure = e.withContext(withheld);
                }
            }
            close();
            throw failure;
        } catch (RuntimeException e) {
            if (status != Status.CLOSED) {
                sendAlert(2, AlertDescription.INTERNAL_ERROR);
                forgetSession();
            }
            close();
            throw new TlcpAlertException(AlertDescription.INTERNAL_ERROR, "internal error in the TLCP engine: " + e, e);
        }
    }

    /**
     * After a fatal alert, sent or received, this connection's session must not be resumed (RFC 5246 §7.2.2, as TLS
     * 1.1 before it): it leaves the session cache. Before ServerHello there is no session to forget; after it, the
     * one agreed (a new one, not cached yet, or the one being resumed); once established, the established one. The
     * client's cache is keyed by server, so only an entry of this very session is removed, not a newer one.
     */
    private void forgetSession() {
        TlcpSessionCache cache = config.sessionCache();
        if (cache == null) {
            return;
        }
        byte[] id = session != null ? session.sessionId() : handshake != null ? handshake.sessionId() : null;
        if (id == null || id.length == 0) {
            return;
        }
        String key = config.isServer() ? java.util.HexFormat.of().formatHex(id) : peer;
        if (key != null) {
            cache.remove(key, id);
        }
    }

    private void sendAlert(int level, AlertDescription alert) {
        try {
            listener.networkOutput(records.write(ContentType.ALERT, new byte[] {(byte) level, (byte) alert.code()}, 0, 2));
        } catch (RuntimeException e) {
            // The alert is a courtesy; the connection is going down anyway.
        }
    }

    private boolean record(int type, byte[] data, int off, int len) {
        // Records that carry nothing (empty application data, warning alerts) cost a MAC check each and deliver
        // nothing: a peer that sends them without end is spending our CPU (the "SSL death alert" attack,
        // CVE-2016-8610). OpenSSL caps both; so do we.
        boolean idle = (type == ContentType.APPLICATION_DATA && len == 0)
                || (type == ContentType.ALERT && len == 2 && data[off] == 1 && data[off + 1] != 0);
        idleRecords = idle ? idleRecords + 1 : 0;
        if (idleRecords > MAX_IDLE_RECORDS) {
            throw new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE, "more than " + MAX_IDLE_RECORDS
                    + " records in a row carried no data (empty records or warning alerts)");
        }
        switch (type) {
            case ContentType.HANDSHAKE -> {
                reassembler.add(data, off, len, this::handshakeMessage);
                return status != Status.CLOSED && !keyOperationOut;
            }
            case ContentType.CHANGE_CIPHER_SPEC -> changeCipherSpec(data, off, len);
            case ContentType.ALERT -> {
                return alert(data, off, len);
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

    private boolean handshakeMessage(RawHandshake m) {
        if (status == Status.ESTABLISHED) {
            refuseRenegotiation(m);
            return false;
        }
        handshake.receive(m);
        runKeyOperations();
        return status != Status.CLOSED && !keyOperationOut;
    }

    private void refuseRenegotiation(RawHandshake m) {
        boolean request = config.isServer() ? m.type() == HandshakeType.CLIENT_HELLO
                : m.type() == HandshakeType.HELLO_REQUEST;
        if (!request) {
            throw new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE,
                    m.name() + " after the handshake finished");
        }
        // GM/T 0024 inherits TLS 1.1 renegotiation without RFC 5746 protection: refuse it, then close. The alert is
        // a warning only (TLS 1.1 §7.2.2); closing first keeps guard() from sending a fatal copy after it.
        sendAlert(1, AlertDescription.NO_RENEGOTIATION);
        close();
        throw new TlcpAlertException(AlertDescription.NO_RENEGOTIATION,
                "the peer asked to renegotiate (" + m.name() + "); gmgw refuses renegotiation");
    }

    private void changeCipherSpec(byte[] data, int off, int len) {
        if (len != 1 || data[off] != 1) {
            throw new TlcpAlertException(AlertDescription.DECODE_ERROR, "ChangeCipherSpec must be the single byte 1");
        }
        if (pendingRead == null || reassembler.hasPartialMessage()) {
            throw new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE, "ChangeCipherSpec out of order (state "
                    + handshakeState() + ")");
        }
        records.changeReadCipher(pendingRead);
        pendingRead = null;
        handshake.changeCipherSpecReceived();
    }

    private boolean alert(byte[] data, int off, int len) {
        if (len != 2) {
            throw new TlcpAlertException(AlertDescription.DECODE_ERROR, "alert record of " + len + " bytes (must be 2)");
        }
        int level = data[off] & 0xff;
        int code = data[off + 1] & 0xff;
        AlertDescription d = AlertDescription.fromCode(code);
        if (d == AlertDescription.CLOSE_NOTIFY) {
            if (status == Status.HANDSHAKING) {
                // The peer gave up on the handshake: a failure for whoever waits for it, not an end of data.
                throw TlcpAlertException.received(d, code);
            }
            closeNotifyReceived = true;
            listener.closeNotifyReceived();
            if (closeNotifySent) {
                close();
            }
            return false;
        }
        if (level == 1 && d != null && d != AlertDescription.NO_RENEGOTIATION) {
            return true; // a warning: TLS 1.1 §7.2 lets the connection go on
        }
        if (level != 1) {
            forgetSession(); // a fatal alert (or one of no known level, taken as fatal)
        }
        throw TlcpAlertException.received(d, code);
    }

    /**
     * Sends the queued handshake messages in one write, each in its own record(s) as Kona, GmSSL and gm-jsse do:
     * gm-jsse cannot read two messages from one record. With {@code coalesceHandshakeMessages} (tests) they share
     * records instead.
     */
    private void flushFlight() {
        if (flight == null || flight.isEmpty()) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (config.coalesceHandshakeMessages()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            flight.forEach(all::writeBytes);
            byte[] data = all.toByteArray();
            out.writeBytes(records.write(ContentType.HANDSHAKE, data, 0, data.length));
        } else {
            for (byte[] m : flight) {
                out.writeBytes(records.write(ContentType.HANDSHAKE, m, 0, m.length));
            }
        }
        flight.clear();
        listener.networkOutput(out.toByteArray());
    }

    private final class Output implements HandshakeOutput {
        @Override
        public void send(RawHandshake message) {
            flight.add(message.encoded());
        }

        @Override
        public void changeCipherSpec(RecordCipher writeCipher) {
            flushFlight();
            listener.networkOutput(records.write(ContentType.CHANGE_CIPHER_SPEC, new byte[] {1}, 0, 1));
            records.changeWriteCipher(writeCipher);
        }

        @Override
        public void expectChangeCipherSpec(RecordCipher readCipher) {
            pendingRead = readCipher;
        }

        @Override
        public void keyOperation(PendingKeyOperation<?> operation) {
            if (keyOperation != null) {
                throw new IllegalStateException("a second key operation (" + operation.description()
                        + ") while one is pending (" + keyOperation.description() + ")");
            }
            keyOperation = operation;
        }

        @Override
        public void complete(TlcpSession established) {
            flushFlight();
            session = established;
            status = Status.ESTABLISHED;
            handshake = null;
            flight = null;
            listener.handshakeComplete(established);
        }
    }
}
