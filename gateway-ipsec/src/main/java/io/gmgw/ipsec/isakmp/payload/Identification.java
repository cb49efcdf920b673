package io.gmgw.ipsec.isakmp.payload;

import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.PayloadType;

/**
 * Identification payload in the IPsec DOI (RFC 2408 §3.8, RFC 2407 §4.6.2): the ID type, the IP protocol and port
 * (zero in phase 1 unless restricted), and the identification data, whose length the decoder checks per type.
 */
public record Identification(int idType, int protocolId, int port, Octets data) implements Payload {
    public static final int IPV4_ADDR = 1;
    public static final int FQDN = 2;
    public static final int USER_FQDN = 3;
    public static final int IPV4_ADDR_SUBNET = 4;
    public static final int IPV6_ADDR = 5;
    public static final int IPV6_ADDR_SUBNET = 6;
    public static final int IPV4_ADDR_RANGE = 7;
    public static final int IPV6_ADDR_RANGE = 8;
    public static final int DER_ASN1_DN = 9;
    public static final int DER_ASN1_GN = 10;
    public static final int KEY_ID = 11;

    public Identification {
        Fields.u8("ID type", idType);
        Fields.u8("ID protocol", protocolId);
        Fields.u16("ID port", port);
        java.util.Objects.requireNonNull(data, "data");
    }

    /**
     * The data length an ID type requires (RFC 2407 §4.6.2.2 onwards), or -1 for the variable-length types (FQDN,
     * USER_FQDN, DER_ASN1_DN, DER_ASN1_GN, KEY_ID), or -2 for a type the DOI does not define.
     */
    public static int fixedDataLength(int idType) {
        return switch (idType) {
            case IPV4_ADDR -> 4;
            case IPV4_ADDR_SUBNET, IPV4_ADDR_RANGE -> 8;
            case IPV6_ADDR -> 16;
            case IPV6_ADDR_SUBNET, IPV6_ADDR_RANGE -> 32;
            case FQDN, USER_FQDN, DER_ASN1_DN, DER_ASN1_GN, KEY_ID -> -1;
            default -> -2;
        };
    }

    @Override
    public PayloadType type() {
        return PayloadType.IDENTIFICATION;
    }
}
