package io.gmgw.sslvpn.tlcp.handshake;

import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.gmgw.sslvpn.tlcp.message.RawHandshake;
import io.gmgw.sslvpn.tlcp.record.RecordCipher;

/** What a handshake asks of its engine: send messages, switch ciphers, report the result. */
public interface HandshakeOutput {
    /** Queues a handshake message under the current write cipher (messages of one flight share records). */
    void send(RawHandshake message);

    /** Sends ChangeCipherSpec and protects everything after it with {@code writeCipher}. */
    void changeCipherSpec(RecordCipher writeCipher);

    /** The peer's next record must be ChangeCipherSpec; after it, records are opened with {@code readCipher}. */
    void expectChangeCipherSpec(RecordCipher readCipher);

    /**
     * The handshake cannot go on before this private-key operation: it sends nothing more and expects no message until
     * the engine has had the operation run and called its {@link PendingKeyOperation#resume()}, which continues it.
     */
    void keyOperation(PendingKeyOperation<?> operation);

    /** The handshake succeeded. */
    void complete(TlcpSession session);
}
