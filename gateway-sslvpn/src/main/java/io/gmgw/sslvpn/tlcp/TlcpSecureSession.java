package io.gmgw.sslvpn.tlcp;

import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.sslvpn.channel.SecureSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * An established TLCP connection as the tunnel layer sees every secure channel: the peer's signing certificate
 * first (it identifies the peer: GB/T 38636 §6.4.5.3 signs CertificateVerify with it), then its encryption
 * certificate, then the CA certificates it sent. {@link #tlcp()} keeps the TLCP details for TLCP-only reports.
 */
public record TlcpSecureSession(TlcpSession tlcp, List<X509CertificateHolder> peerCertificates)
        implements SecureSession {

    public TlcpSecureSession {
        Objects.requireNonNull(tlcp, "tlcp session");
        peerCertificates = List.copyOf(peerCertificates);
    }

    public static TlcpSecureSession of(TlcpSession session) {
        List<X509CertificateHolder> ordered = new ArrayList<>();
        Sm2Certificate signing = session.peerSigningCertificate();
        Sm2Certificate encryption = session.peerEncryptionCertificate();
        if (signing != null) {
            ordered.add(signing.toHolder());
        }
        if (encryption != null) {
            ordered.add(encryption.toHolder());
        }
        for (Sm2Certificate c : session.peerCertificates()) {
            if (!c.equals(signing) && !c.equals(encryption)) {
                ordered.add(c.toHolder());
            }
        }
        return new TlcpSecureSession(session, ordered);
    }

    @Override
    public Family family() {
        return Family.TLCP;
    }

    @Override
    public String protocol() {
        return "TLCP"; // SecureSession's name for the family's only version (TLCP 1.1, GB/T 38636)
    }

    @Override
    public String cipherSuite() {
        return tlcp.suite().name(); // ECC_SM4_GCM_SM3: GM/T 0024 table 3's name
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
}
