package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * Signature payload (RFC 2408 §3.12): RFC 2409 SIG_I/SIG_R, or the GM SIG_i/SIG_r (SM2, encoding per wire profile).
 */
public record Signature(Octets data) implements Payload {
    public Signature {
        java.util.Objects.requireNonNull(data, "data");
    }

    @Override
    public PayloadType type() {
        return PayloadType.SIGNATURE;
    }
}
