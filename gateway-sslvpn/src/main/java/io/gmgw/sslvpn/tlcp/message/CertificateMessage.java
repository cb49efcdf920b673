package io.gmgw.sslvpn.tlcp.message;

import java.util.ArrayList;
import java.util.List;

/**
 * Certificate (GM/T 0024 §6.4.5.3): DER certificates, each with a 3-byte length. A server sends signing certificate,
 * encryption certificate, then its CA certificates; clients send either shape (see the client-certificate rules).
 */
public record CertificateMessage(List<byte[]> certificates) {
    /** More than this many certificates is not a chain but an attack on memory. */
    public static final int MAX_CERTIFICATES = 16;

    public static CertificateMessage decode(byte[] body) {
        WireReader r = new WireReader(body, "Certificate");
        WireReader list = new WireReader(r.vector24(), "Certificate list");
        r.finish();
        List<byte[]> certs = new ArrayList<>();
        while (list.hasRemaining()) {
            byte[] der = list.vector24();
            if (der.length == 0) {
                throw list.error("empty certificate entry");
            }
            certs.add(der);
            if (certs.size() > MAX_CERTIFICATES) {
                throw list.error("more than " + MAX_CERTIFICATES + " certificates");
            }
        }
        return new CertificateMessage(List.copyOf(certs));
    }

    public RawHandshake encode() {
        WireWriter list = new WireWriter();
        for (byte[] c : certificates) {
            list.vector24(c);
        }
        return RawHandshake.of(HandshakeType.CERTIFICATE, new WireWriter().vector24(list.toByteArray()).toByteArray());
    }
}
