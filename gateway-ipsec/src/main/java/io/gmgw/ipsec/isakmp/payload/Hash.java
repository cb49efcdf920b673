package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * Hash payload (RFC 2408 §3.11): HASH_I/HASH_R, HASH(1..3) of quick mode, the informational HASH.
 */
public record Hash(Octets data) implements Payload {
    public Hash {
        java.util.Objects.requireNonNull(data, "data");
    }

    @Override
    public PayloadType type() {
        return PayloadType.HASH;
    }
}
