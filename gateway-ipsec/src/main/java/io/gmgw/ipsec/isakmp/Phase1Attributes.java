package io.gmgw.ipsec.isakmp;

/**
 * Phase 1 (ISAKMP SA) attribute classes and values: RFC 2409 appendix A, AES of RFC 3602, SHA-2 of RFC 4868, ECDSA
 * of RFC 4754, and the GM values every public source agrees on (ipsec.md §3 [A]). Numbers on which sources disagree
 * are not here but in {@code io.gmgw.ipsec.profile.WireProfile}.
 */
public final class Phase1Attributes {
    // classes
    public static final int ENCRYPTION_ALGORITHM = 1;
    public static final int HASH_ALGORITHM = 2;
    public static final int AUTHENTICATION_METHOD = 3;
    public static final int GROUP_DESCRIPTION = 4;
    public static final int GROUP_TYPE = 5;
    public static final int LIFE_TYPE = 11;
    public static final int LIFE_DURATION = 12;
    public static final int PRF = 13;
    public static final int KEY_LENGTH = 14;
    public static final int FIELD_SIZE = 15;
    public static final int GROUP_ORDER = 16;
    /** GM class: the asymmetric algorithm of the digital envelope (ipsec.md §3 [A]). */
    public static final int ASYMMETRIC_ALGORITHM = 20;

    // encryption algorithm values
    public static final int ENC_DES_CBC = 1;
    public static final int ENC_3DES_CBC = 5;
    public static final int ENC_AES_CBC = 7;
    public static final int ENC_SM1 = 128;
    public static final int ENC_SM4 = 129;

    // hash algorithm values
    public static final int HASH_MD5 = 1;
    public static final int HASH_SHA1 = 2;
    public static final int HASH_SHA2_256 = 4;
    public static final int HASH_SHA2_384 = 5;
    public static final int HASH_SHA2_512 = 6;
    public static final int HASH_SM3 = 20;

    // authentication method values
    public static final int AUTH_PRE_SHARED_KEY = 1;
    public static final int AUTH_DSS_SIGNATURES = 2;
    public static final int AUTH_RSA_SIGNATURES = 3;
    public static final int AUTH_ECDSA_P256 = 9;
    /**
     * 10 means the SM2 digital envelope under version 0x11 (ipsec.md §3 [A]) and ECDSA P-384 (RFC 4754) under 0x10:
     * read it together with the header's version byte.
     */
    public static final int AUTH_SM2_DIGITAL_ENVELOPE = 10;
    public static final int AUTH_ECDSA_P384 = 10;

    // group description values (RFC 2409 §6, RFC 3526)
    public static final int GROUP_MODP_1024 = 2;
    public static final int GROUP_MODP_1536 = 5;
    public static final int GROUP_MODP_2048 = 14;

    // life type values
    public static final int LIFE_SECONDS = 1;
    public static final int LIFE_KILOBYTES = 2;

    // asymmetric algorithm values (GM class 20)
    public static final int ASYMMETRIC_RSA = 1;
    public static final int ASYMMETRIC_SM2 = 2;

    private Phase1Attributes() {
    }
}
