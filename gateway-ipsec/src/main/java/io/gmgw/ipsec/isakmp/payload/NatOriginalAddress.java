package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * NAT-OA payload (RFC 3947 §5.2): ID type {@link Identification#IPV4_ADDR} with 4 address bytes or
 * {@link Identification#IPV6_ADDR} with 16, three reserved bytes between.
 */
public record NatOriginalAddress(int idType, Octets address) implements Payload {
    public NatOriginalAddress {
        int want = switch (idType) {
            case Identification.IPV4_ADDR -> 4;
            case Identification.IPV6_ADDR -> 16;
            default -> throw new IllegalArgumentException("NAT-OA ID type is 1 (IPv4) or 5 (IPv6): " + idType);
        };
        if (address.length() != want) {
            throw new IllegalArgumentException("NAT-OA address of type " + idType + " is " + want + " bytes, not "
                    + address.length());
        }
    }

    @Override
    public PayloadType type() {
        return PayloadType.NAT_OA;
    }
}
