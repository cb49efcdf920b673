package io.gmgw.ipsec.isakmp;

/**
 * Phase 2 (IPsec SA) attribute classes and values of RFC 2407 §4.5, encapsulation modes of RFC 3947, ESP and AH
 * transform ids of RFC 2407 §4.4 and the IANA registry, and HMAC-SM3 = 20 on which the GM sources agree (ipsec.md §3
 * [A]). The ESP transform ids of SM4, on which they do not, live in {@code io.gmgw.ipsec.profile.WireProfile}.
 */
public final class IpsecAttributes {
    // classes
    public static final int SA_LIFE_TYPE = 1;
    public static final int SA_LIFE_DURATION = 2;
    public static final int GROUP_DESCRIPTION = 3;
    public static final int ENCAPSULATION_MODE = 4;
    public static final int AUTHENTICATION_ALGORITHM = 5;
    public static final int KEY_LENGTH = 6;
    public static final int KEY_ROUNDS = 7;
    public static final int COMPRESS_DICTIONARY_SIZE = 8;
    public static final int COMPRESS_PRIVATE_ALGORITHM = 9;
    public static final int ECN_TUNNEL = 10;

    // encapsulation modes
    public static final int MODE_TUNNEL = 1;
    public static final int MODE_TRANSPORT = 2;
    public static final int MODE_UDP_TUNNEL = 3;
    public static final int MODE_UDP_TRANSPORT = 4;
    /** draft-ietf-ipsec-nat-t-ike values still sent by old peers (ipsec.md §3). */
    public static final int MODE_UDP_TUNNEL_DRAFT = 61443;
    public static final int MODE_UDP_TRANSPORT_DRAFT = 61444;

    // authentication algorithms
    public static final int AUTH_HMAC_MD5 = 1;
    public static final int AUTH_HMAC_SHA1 = 2;
    public static final int AUTH_HMAC_SHA2_256 = 5;
    public static final int AUTH_HMAC_SHA2_384 = 6;
    public static final int AUTH_HMAC_SHA2_512 = 7;
    public static final int AUTH_HMAC_SM3 = 20;

    // ESP transform ids (RFC 2407 §4.4.4, RFC 3602, RFC 4106)
    public static final int ESP_3DES = 3;
    public static final int ESP_NULL = 11;
    public static final int ESP_AES_CBC = 12;
    public static final int ESP_AES_GCM_16 = 20;
    /** SM1: 128 in every source (ipsec.md §3). */
    public static final int ESP_SM1 = 128;

    // life types
    public static final int LIFE_SECONDS = 1;
    public static final int LIFE_KILOBYTES = 2;

    private IpsecAttributes() {
    }
}
