package io.gmgw.sslvpn.tlcp.handshake;

import io.gmgw.crypto.sm3.Sm3Digest;
import io.gmgw.sslvpn.tlcp.message.RawHandshake;
import java.io.ByteArrayOutputStream;

/**
 * The running hash of the handshake messages (headers included, HelloRequest and ChangeCipherSpec excluded) for
 * Finished and CertificateVerify. The raw messages are kept too while a GmSSL-style CertificateVerify (a signature
 * over the messages themselves rather than their hash) may still have to be checked or made, then dropped.
 */
public final class Transcript {
    private final Sm3Digest digest;
    private ByteArrayOutputStream raw;

    public Transcript(Sm3Digest digest, boolean keepMessages) {
        this.digest = digest;
        this.raw = keepMessages ? new ByteArrayOutputStream(2048) : null;
    }

    public void add(RawHandshake message) {
        digest.update(message.encoded());
        if (raw != null) {
            raw.write(message.encoded(), 0, message.encoded().length);
        }
    }

    /** SM3 of everything added so far; adding may continue. */
    public byte[] hash() {
        return digest.copy().doFinal();
    }

    /** The messages added so far, or null when they were not kept. */
    public byte[] messages() {
        return raw == null ? null : raw.toByteArray();
    }

    /** Stops keeping the raw messages. */
    public void dropMessages() {
        raw = null;
    }
}
