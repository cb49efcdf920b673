package io.gmgw.sslvpn.tlcp.message;

import java.util.ArrayList;
import java.util.List;

/**
 * CertificateRequest (GM/T 0024 §6.4.5.5): certificate types and acceptable CA names, TLS 1.1's shape (no
 * signature_algorithms). Type 64 (ecdsa_sign) is what TLCP peers use for SM2.
 */
public record CertificateRequest(byte[] certificateTypes, List<byte[]> authorities) {
    public static final int RSA_SIGN = 1;
    public static final int ECDSA_SIGN = 64;
    public static final int IBC_PARAMS = 80;

    public static CertificateRequest decode(byte[] body) {
        WireReader r = new WireReader(body, "CertificateRequest");
        byte[] types = r.vector8();
        if (types.length == 0) {
            throw r.error("empty certificate_types list");
        }
        WireReader names = new WireReader(r.vector16(), "CertificateRequest certificate_authorities");
        r.finish();
        List<byte[]> authorities = new ArrayList<>();
        while (names.hasRemaining()) {
            authorities.add(names.vector16());
        }
        return new CertificateRequest(types, List.copyOf(authorities));
    }

    public RawHandshake encode() {
        WireWriter names = new WireWriter();
        for (byte[] dn : authorities) {
            names.vector16(dn);
        }
        return RawHandshake.of(HandshakeType.CERTIFICATE_REQUEST,
                new WireWriter().vector8(certificateTypes).vector16(names.toByteArray()).toByteArray());
    }
}
