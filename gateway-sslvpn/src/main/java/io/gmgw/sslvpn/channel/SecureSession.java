package io.gmgw.sslvpn.channel;

import io.netty.util.AttributeKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * An established secure channel as the tunnel layer sees it, whether TLCP or TLS carried it: the protocol and suite,
 * the session ID, whether it was resumed, and the peer's certificates. The tunnel layer reads identity from here and
 * never asks which protocol it got. Holds no secrets.
 *
 * <p>The handler that completes the handshake sets {@link #ATTRIBUTE} on the channel and then fires a
 * {@link SecureChannelEvent} down the pipeline.
 */
public interface SecureSession {
    /** Where the established session is kept on its channel. */
    AttributeKey<SecureSession> ATTRIBUTE = AttributeKey.valueOf(SecureSession.class, "secureSession");

    /** Which family of protocol carries the channel (for reports and per-protocol policy, never for parsing). */
    enum Family { TLCP, TLS }

    Family family();

    /** The protocol version by its usual name: {@code TLCP}, {@code TLSv1.3}, {@code TLSv1.2}. */
    String protocol();

    /** The cipher suite by its standard name ({@code ECC_SM4_GCM_SM3}, {@code TLS_AES_128_GCM_SHA256}). */
    String cipherSuite();

    /** The session ID (empty when the protocol has none to show, as TLS 1.3). A copy. */
    byte[] sessionId();

    boolean resumed();

    Instant established();

    /**
     * The peer's certificates as received and verified, the one that identifies the peer first (TLCP: the signing
     * certificate; TLS: the end-entity certificate), then the others (TLCP's encryption certificate, CA certificates).
     * Empty when the peer sent none.
     */
    List<X509CertificateHolder> peerCertificates();

    /** The certificate that identifies the peer, if it sent one. */
    default Optional<X509CertificateHolder> peerIdentity() {
        List<X509CertificateHolder> chain = peerCertificates();
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.getFirst());
    }
}
