package io.gmgw.pkcs11;

/**
 * The standard PKCS#11 2.40 constants gmgw uses (object classes, attributes, flags, standard mechanisms). Vendor
 * SM2/SM3/SM4 values are never here: they come from a {@link io.gmgw.pkcs11.profile.VendorProfile}.
 */
public final class Ck {
    private Ck() {
    }

    public static final long CKO_DATA = 0, CKO_CERTIFICATE = 1, CKO_PUBLIC_KEY = 2, CKO_PRIVATE_KEY = 3,
            CKO_SECRET_KEY = 4;
    public static final long CKK_EC = 3, CKK_GENERIC_SECRET = 0x10;
    public static final long CKC_X_509 = 0;

    public static final long CKA_CLASS = 0x0, CKA_TOKEN = 0x1, CKA_PRIVATE = 0x2, CKA_LABEL = 0x3, CKA_VALUE = 0x11,
            CKA_CERTIFICATE_TYPE = 0x80, CKA_KEY_TYPE = 0x100, CKA_SUBJECT = 0x101, CKA_ID = 0x102,
            CKA_SENSITIVE = 0x103, CKA_ENCRYPT = 0x104, CKA_DECRYPT = 0x105, CKA_SIGN = 0x108, CKA_VERIFY = 0x10A,
            CKA_DERIVE = 0x10C, CKA_VALUE_LEN = 0x161, CKA_EXTRACTABLE = 0x162, CKA_LOCAL = 0x163,
            CKA_NEVER_EXTRACTABLE = 0x164, CKA_ALWAYS_SENSITIVE = 0x165, CKA_EC_PARAMS = 0x180, CKA_EC_POINT = 0x181;

    public static final long CKU_SO = 0, CKU_USER = 1;

    public static final long CKF_TOKEN_PRESENT = 0x1, CKF_REMOVABLE_DEVICE = 0x2, CKF_HW_SLOT = 0x4;
    public static final long CKF_RNG = 0x1, CKF_WRITE_PROTECTED = 0x2, CKF_LOGIN_REQUIRED = 0x4,
            CKF_USER_PIN_INITIALIZED = 0x8, CKF_PROTECTED_AUTHENTICATION_PATH = 0x100, CKF_TOKEN_INITIALIZED = 0x400,
            CKF_USER_PIN_COUNT_LOW = 0x10000, CKF_USER_PIN_FINAL_TRY = 0x20000, CKF_USER_PIN_LOCKED = 0x40000,
            CKF_SO_PIN_COUNT_LOW = 0x100000, CKF_SO_PIN_FINAL_TRY = 0x200000, CKF_SO_PIN_LOCKED = 0x400000;
    public static final long CKF_RW_SESSION = 0x2, CKF_SERIAL_SESSION = 0x4;
    public static final long CKF_OS_LOCKING_OK = 0x2;
    public static final long CKF_HW = 0x1, CKF_ENCRYPT = 0x100, CKF_DECRYPT = 0x200, CKF_DIGEST = 0x400,
            CKF_SIGN = 0x800, CKF_VERIFY = 0x2000, CKF_GENERATE = 0x8000, CKF_GENERATE_KEY_PAIR = 0x10000,
            CKF_DERIVE = 0x80000;

    public static final long CKM_EC_KEY_PAIR_GEN = 0x1040, CKM_ECDSA = 0x1041, CKM_ECDH1_DERIVE = 0x1050;
    public static final long CKD_NULL = 1;

    /** CK_UNAVAILABLE_INFORMATION: an attribute length meaning "cannot be revealed or does not exist". */
    public static final long UNAVAILABLE = -1L;

    /** DER of the SM2 curve OID 1.2.156.10197.1.301, the CKA_EC_PARAMS of SM2 keys. */
    public static byte[] sm2EcParams() {
        return new byte[] {0x06, 0x08, 0x2A, (byte) 0x81, 0x1C, (byte) 0xCF, 0x55, 0x01, (byte) 0x82, 0x2D};
    }
}
