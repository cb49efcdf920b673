package io.gmgw.sslvpn.gateway;

import io.gmgw.sslvpn.channel.SecureSession;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/** What the TLCP/TLS handler hands the tunnel layer after a handshake, with a chosen peer certificate (or none). */
record TestSecureSession(List<X509CertificateHolder> peerCertificates) implements SecureSession {
    static TestSecureSession of(X509CertificateHolder cert) {
        return new TestSecureSession(cert == null ? List.of() : List.of(cert));
    }

    @Override
    public Family family() {
        return Family.TLS;
    }

    @Override
    public String protocol() {
        return "TLSv1.3";
    }

    @Override
    public String cipherSuite() {
        return "TLS_AES_128_GCM_SHA256";
    }

    @Override
    public byte[] sessionId() {
        return new byte[0];
    }

    @Override
    public boolean resumed() {
        return false;
    }

    @Override
    public Instant established() {
        return Instant.EPOCH;
    }
}
