package io.gmgw.sslvpn.tlcp.engine;

import io.gmgw.sslvpn.tlcp.KeyOperation;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpSession;
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
import java.util.ArrayList;
import java.util.List;

/**
 * The handshake side of a {@link TlcpEngine}: feeds the handshake state machine the peer's messages, reassembled from
 * handshake records; sends its flights and its ChangeCipherSpec and switches the record layer's ciphers when it says
 * so; runs its private-key operations or hands them out to the listener (the engine's pending-key-operation state, as
 * SSLEngine's delegated tasks), holding what arrives meanwhile; and once the engine is established, refuses
 * renegotiation. The state machine leaves when the handshake completes or the engine closes.
 */
final class HandshakeDriver {
    private final TlcpEngine engine;
    private final AlertProtocol alerts;
    private final TlcpConfig config;
    private final TlcpEngine.Listener listener;
    private final RecordLayer records;
    private final HandshakeReassembler reassembler;
    /** The state machine; null once the handshake completed or the engine closed. */
    private Handshake handshake;
    private RecordCipher pendingRead;
    /** Handshake messages waiting to be sent; null once the handshake is over. */
    private List<byte[]> flight = new ArrayList<>();
    /** The key operation the handshake waits for, or null. */
    private PendingKeyOperation<?> keyOperation;
    /** Whether {@link #keyOperation} was taken by the listener (the engine waits for {@link TlcpEngine#resume()}). */
    private boolean keyOperationOut;
    /** Bytes received while a key operation is out, to be read after it. */
    private final HeldInput held;

    HandshakeDriver(TlcpEngine engine, AlertProtocol alerts, TlcpConfig config, TlcpEngine.Listener listener,
            RecordLayer records, String peer) {
        this.engine = engine;
        this.alerts = alerts;
        this.config = config;
        this.listener = listener;
        this.records = records;
        this.reassembler = new HandshakeReassembler(config.maxHandshakeMessageLength());
        // What an honest peer may send before it hears from us: its largest handshake message and the records that
        // follow it in the same flight (CertificateVerify, ChangeCipherSpec, Finished), each at most a full record.
        this.held = new HeldInput(config.maxHandshakeMessageLength()
                + 4 * (RecordLayer.HEADER_LENGTH + RecordLayer.MAX_FRAGMENT));
        HandshakeOutput output = new Output();
        this.handshake = config.isServer() ? new ServerHandshake(config, output)
                : new ClientHandshake(config, output, peer);
    }

    /** The state machine's state, or null when there is none (established or closed). */
    String state() {
        return handshake == null ? null : handshake.state();
    }

    /** The session ID ServerHello agreed on, or null when no handshake is under way. */
    byte[] sessionId() {
        return handshake == null ? null : handshake.sessionId();
    }

    /** What the handshake noticed but withheld from the peer (the ECC pre-master countermeasure), or null. */
    String withheldProblem() {
        return handshake == null ? null : handshake.withheldProblem();
    }

    /** The key operation taken by the listener and not yet resumed, or null. */
    KeyOperation pendingKeyOperation() {
        return keyOperationOut ? keyOperation : null;
    }

    /** Whether the handshake waits for a key operation the listener took. */
    boolean waitsForKeyOperation() {
        return keyOperationOut;
    }

    void start() {
        handshake.start();
        runKeyOperations();
        flushFlight();
    }

    /** Throws unless a key operation was taken by the listener and has finished. */
    void checkResumable() {
        if (!keyOperationOut || !keyOperation.isDone()) {
            throw new IllegalStateException(keyOperationOut ? "the key operation (" + keyOperation.description()
                    + ") has not finished" : "no key operation is out");
        }
    }

    /**
     * Continues the handshake with the finished key operation's result, then with the messages already reassembled;
     * returns the bytes held meanwhile, for the engine to read now, or null when it must not read yet.
     */
    byte[] resume() {
        PendingKeyOperation<?> done = keyOperation;
        keyOperation = null;
        keyOperationOut = false;
        done.resume();
        runKeyOperations();
        if (!keyOperationOut && !engine.isClosed()) {
            reassembler.drain(this::handshakeMessage);
        }
        if (!keyOperationOut && !engine.isClosed() && !held.isEmpty()) {
            return held.take();
        }
        return null;
    }

    /** Keeps bytes that arrive while a key operation is out; more than the bound is unexpected_message. */
    void hold(byte[] data, int off, int len) {
        if (!held.hold(data, off, len)) {
            throw new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE, "the peer sent more than " + held.max()
                    + " bytes while the handshake waited for a key operation (" + keyOperation.description() + ")");
        }
    }

    /** A handshake record; true while the engine may read the next record now. */
    boolean record(byte[] data, int off, int len) {
        reassembler.add(data, off, len, this::handshakeMessage);
        return !engine.isClosed() && !keyOperationOut;
    }

    /** The peer's ChangeCipherSpec record: its read cipher takes over. */
    void changeCipherSpec(byte[] data, int off, int len) {
        if (len != 1 || data[off] != 1) {
            throw new TlcpAlertException(AlertDescription.DECODE_ERROR, "ChangeCipherSpec must be the single byte 1");
        }
        if (pendingRead == null || reassembler.hasPartialMessage()) {
            throw new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE, "ChangeCipherSpec out of order (state "
                    + engine.handshakeState() + ")");
        }
        records.changeReadCipher(pendingRead);
        pendingRead = null;
        handshake.changeCipherSpecReceived();
    }

    /**
     * Sends the queued handshake messages in one write, each in its own record(s) as Kona, GmSSL and gm-jsse do:
     * gm-jsse cannot read two messages from one record. With {@code coalesceHandshakeMessages} (tests) they share
     * records instead.
     */
    void flushFlight() {
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

    /** The engine closed: the pending key operation, held bytes and the handshake's secrets are dropped. */
    void abandon() {
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
    }

    /** Runs the handshake's key operations here until the listener takes one or none is left. */
    private void runKeyOperations() {
        while (keyOperation != null && !keyOperationOut && !engine.isClosed()) {
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

    private boolean handshakeMessage(RawHandshake m) {
        if (engine.status() == TlcpEngine.Status.ESTABLISHED) {
            refuseRenegotiation(m);
            return false;
        }
        handshake.receive(m);
        runKeyOperations();
        return !engine.isClosed() && !keyOperationOut;
    }

    private void refuseRenegotiation(RawHandshake m) {
        boolean request = config.isServer() ? m.type() == HandshakeType.CLIENT_HELLO
                : m.type() == HandshakeType.HELLO_REQUEST;
        if (!request) {
            throw new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE,
                    m.name() + " after the handshake finished");
        }
        // GM/T 0024 inherits TLS 1.1 renegotiation without RFC 5746 protection: refuse it, then close. The alert is
        // a warning only (TLS 1.1 §7.2.2); closing first keeps the engine's guard from sending a fatal copy after it.
        alerts.send(AlertProtocol.WARNING, AlertDescription.NO_RENEGOTIATION);
        engine.close();
        throw new TlcpAlertException(AlertDescription.NO_RENEGOTIATION,
                "the peer asked to renegotiate (" + m.name() + "); gmgw refuses renegotiation");
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
            handshake = null;
            flight = null;
            engine.established(established);
        }
    }
}
