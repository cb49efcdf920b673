package io.gmgw.sslvpn.tlcp;

/**
 * A private-key operation a handshake waits for (the ServerKeyExchange signature, the decryption of the pre-master
 * secret, the SM2 key agreement, the CertificateVerify signature), handed out by the engine as SSLEngine hands out
 * its delegated tasks: whoever drives the engine runs it, on any thread, then resumes the engine on the engine's own
 * thread ({@code TlcpEngine.resume()}), which continues the handshake with the result.
 */
public interface KeyOperation {
    /** What is done with which key, for logs and timeout messages ("SM2 decryption of the ClientKeyExchange ..."). */
    String description();

    /**
     * Whether the key may wait for a device ({@link io.gmgw.crypto.key.KeyHandle#mayBlock()}): such operations belong
     * off the event loop. Software keys answer false and are cheaper run where the handshake is.
     */
    boolean mayBlock();

    /**
     * Performs the operation; once, on any thread. Never throws for a failure of the key: the failure is kept and
     * becomes the handshake's fatal alert when the engine resumes. If the connection has gone meanwhile, the result
     * is wiped at once.
     */
    void run();

    /** True once {@link #run()} has finished. */
    boolean isDone();
}
