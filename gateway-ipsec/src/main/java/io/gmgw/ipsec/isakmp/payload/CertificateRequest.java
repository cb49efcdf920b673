package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * Certificate request payload (RFC 2408 §3.10): the wanted certificate encoding ({@link Certificate}'s code points)
 * and an acceptable certificate authority (a DER distinguished name for X.509), possibly empty.
 */
public record CertificateRequest(int encoding, Octets authority) implements Payload {
    public CertificateRequest {
        Fields.u8("certificate request encoding", encoding);
        java.util.Objects.requireNonNull(authority, "authority");
    }

    @Override
    public PayloadType type() {
        return PayloadType.CERTIFICATE_REQUEST;
    }
}
