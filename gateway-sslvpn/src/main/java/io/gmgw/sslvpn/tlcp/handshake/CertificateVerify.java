package io.gmgw.sslvpn.tlcp.handshake;

/** CertificateVerify (GM/T 0024 §6.4.5.9): the client's SM2 signature, DER, with a 2-byte length. */
public record CertificateVerify(byte[] signature) {
    public static CertificateVerify decode(byte[] body) {
        WireReader r = new WireReader(body, "CertificateVerify");
        byte[] sig = r.vector16();
        r.finish();
        return new CertificateVerify(sig);
    }

    public RawHandshake encode() {
        return RawHandshake.of(HandshakeType.CERTIFICATE_VERIFY, new WireWriter().vector16(signature).toByteArray());
    }
}
