package io.gmgw.sslvpn.client;

import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/** A TLCP session seen as the tunnel layer's {@link SecureSession}. */
record TlcpSecureSession(TlcpSession tlcp) implements SecureSession {
    @Override
    public Family family() {
        return Family.TLCP;
    }

    @Override
    public String protocol() {
        return tlcp.protocol();
    }

    @Override
    public String cipherSuite() {
        return tlcp.suite().tlcpName();
    }

    @Override
    public byte[] sessionId() {
        return tlcp.sessionId();
    }

    @Override
    public boolean resumed() {
        return tlcp.resumed();
    }

    @Override
    public Instant established() {
        return tlcp.established();
    }

    @Override
    public List<X509CertificateHolder> peerCertificates() {
        List<X509CertificateHolder> list = new ArrayList<>();
        for (Sm2Certificate c : tlcp.peerCertificates()) {
            try {
                list.add(new X509CertificateHolder(c.encoded()));
            } catch (IOException e) {
                throw new UncheckedIOException("a verified certificate no longer parses", e);
            }
        }
        return list;
    }
}
