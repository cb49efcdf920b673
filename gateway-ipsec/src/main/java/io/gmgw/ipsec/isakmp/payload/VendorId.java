package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * Vendor ID payload (RFC 2408 §3.16): NAT-T (RFC 3947), DPD (RFC 3706), product identification.
 */
public record VendorId(Octets data) implements Payload {
    public VendorId {
        java.util.Objects.requireNonNull(data, "data");
    }

    @Override
    public PayloadType type() {
        return PayloadType.VENDOR_ID;
    }
}
