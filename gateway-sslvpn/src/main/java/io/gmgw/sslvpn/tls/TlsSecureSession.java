package io.gmgw.sslvpn.tls;

import io.gmgw.sslvpn.channel.SecureSession;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/** An established TLS connection as the tunnel layer sees every secure channel. Holds no secrets. */
public record TlsSecureSession(String protocol, String cipherSuite, byte[] sessionId, boolean resumed,
        Instant established, List<X509CertificateHolder> peerCertificates) implements SecureSession {

    public TlsSecureSession {
        sessionId = sessionId.clone();
        peerCertificates = List.copyOf(peerCertificates);
    }

    @Override
    public Family family() {
        return Family.TLS;
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }
}
