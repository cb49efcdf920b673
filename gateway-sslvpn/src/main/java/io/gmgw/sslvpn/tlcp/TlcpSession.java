package io.gmgw.sslvpn.tlcp;

import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.ProtocolVersion;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * What an established TLCP connection tells the layer above: protocol, suite, session ID, the peer's certificates
 * (signing certificate first, then the encryption certificate when the peer sent one, then its CA certificates, as
 * received) and whether the session was resumed. Holds no secrets.
 */
public record TlcpSession(byte[] sessionId, CipherSuite suite, List<Sm2Certificate> peerCertificates,
        Sm2Certificate peerSigningCertificate, Sm2Certificate peerEncryptionCertificate, boolean resumed,
        Instant established, String certificateVerifyVariant) {

    public TlcpSession {
        sessionId = sessionId.clone();
        peerCertificates = List.copyOf(peerCertificates);
    }

    public String protocol() {
        return ProtocolVersion.NAME;
    }

    public String sessionIdHex() {
        return HexFormat.of().formatHex(sessionId);
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }
}
