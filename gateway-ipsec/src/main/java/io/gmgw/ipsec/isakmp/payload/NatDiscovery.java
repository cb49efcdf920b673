package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * NAT-D payload (RFC 3947 §3.2): HASH(CKY-I | CKY-R | IP | port) with the negotiated hash.
 */
public record NatDiscovery(Octets hash) implements Payload {
    public NatDiscovery {
        java.util.Objects.requireNonNull(hash, "hash");
    }

    @Override
    public PayloadType type() {
        return PayloadType.NAT_D;
    }
}
