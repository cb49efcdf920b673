package io.gmgw.pkcs11;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** CK_RV return codes: their names and what an operator can do about each (PKCS#11 2.40 §5.1). */
public final class CkRv {
    private CkRv() {
    }

    public static final long OK = 0x0, HOST_MEMORY = 0x2, SLOT_ID_INVALID = 0x3, GENERAL_ERROR = 0x5,
            FUNCTION_FAILED = 0x6, ARGUMENTS_BAD = 0x7, ATTRIBUTE_SENSITIVE = 0x11, ATTRIBUTE_TYPE_INVALID = 0x12,
            ATTRIBUTE_VALUE_INVALID = 0x13, DATA_INVALID = 0x20, DATA_LEN_RANGE = 0x21, DEVICE_ERROR = 0x30,
            DEVICE_MEMORY = 0x31, DEVICE_REMOVED = 0x32, ENCRYPTED_DATA_INVALID = 0x40,
            ENCRYPTED_DATA_LEN_RANGE = 0x41, FUNCTION_NOT_SUPPORTED = 0x54, KEY_HANDLE_INVALID = 0x60,
            KEY_TYPE_INCONSISTENT = 0x63, KEY_FUNCTION_NOT_PERMITTED = 0x68, MECHANISM_INVALID = 0x70,
            MECHANISM_PARAM_INVALID = 0x71, OBJECT_HANDLE_INVALID = 0x82, OPERATION_ACTIVE = 0x90,
            OPERATION_NOT_INITIALIZED = 0x91, PIN_INCORRECT = 0xA0, PIN_INVALID = 0xA1, PIN_LEN_RANGE = 0xA2,
            PIN_EXPIRED = 0xA3, PIN_LOCKED = 0xA4, SESSION_CLOSED = 0xB0, SESSION_COUNT = 0xB1,
            SESSION_HANDLE_INVALID = 0xB3, SESSION_PARALLEL_NOT_SUPPORTED = 0xB4, SESSION_READ_ONLY = 0xB5,
            SESSION_EXISTS = 0xB6, SESSION_READ_ONLY_EXISTS = 0xB7, SESSION_READ_WRITE_SO_EXISTS = 0xB8,
            SIGNATURE_INVALID = 0xC0, SIGNATURE_LEN_RANGE = 0xC1, TEMPLATE_INCOMPLETE = 0xD0,
            TEMPLATE_INCONSISTENT = 0xD1, TOKEN_NOT_PRESENT = 0xE0, TOKEN_NOT_RECOGNIZED = 0xE1,
            TOKEN_WRITE_PROTECTED = 0xE2, USER_ALREADY_LOGGED_IN = 0x100, USER_NOT_LOGGED_IN = 0x101,
            USER_PIN_NOT_INITIALIZED = 0x102, USER_TYPE_INVALID = 0x103, USER_ANOTHER_ALREADY_LOGGED_IN = 0x104,
            RANDOM_NO_RNG = 0x121, DOMAIN_PARAMS_INVALID = 0x130, CURVE_NOT_SUPPORTED = 0x140,
            BUFFER_TOO_SMALL = 0x150, CRYPTOKI_NOT_INITIALIZED = 0x190, CRYPTOKI_ALREADY_INITIALIZED = 0x191;

    private record Entry(String name, String advice) {
    }

    private static final Map<Long, Entry> CODES = new HashMap<>();

    private static void code(long rv, String name, String advice) {
        CODES.put(rv, new Entry(name, advice));
    }

    static {
        code(OK, "CKR_OK", "");
        code(HOST_MEMORY, "CKR_HOST_MEMORY", "the module ran out of host memory; check the process limits");
        code(SLOT_ID_INVALID, "CKR_SLOT_ID_INVALID", "the slot does not exist; list slots with 'gmgw token list'");
        code(GENERAL_ERROR, "CKR_GENERAL_ERROR", "the module failed unrecoverably; check its own logs and restart");
        code(FUNCTION_FAILED, "CKR_FUNCTION_FAILED", "the token could not perform the operation; check its logs");
        code(ARGUMENTS_BAD, "CKR_ARGUMENTS_BAD", "the module rejected the arguments; this is a gmgw or profile bug");
        code(ATTRIBUTE_SENSITIVE, "CKR_ATTRIBUTE_SENSITIVE", "the value is sensitive and the token will not reveal it");
        code(ATTRIBUTE_TYPE_INVALID, "CKR_ATTRIBUTE_TYPE_INVALID", "the object has no such attribute");
        code(ATTRIBUTE_VALUE_INVALID, "CKR_ATTRIBUTE_VALUE_INVALID", "the token rejected an attribute value; check the vendor profile");
        code(DATA_INVALID, "CKR_DATA_INVALID", "the token rejected the input data");
        code(DATA_LEN_RANGE, "CKR_DATA_LEN_RANGE", "the input has a length the mechanism does not accept; check the profile's signing mode");
        code(DEVICE_ERROR, "CKR_DEVICE_ERROR", "the device reported an error; re-seat it and check its logs");
        code(DEVICE_MEMORY, "CKR_DEVICE_MEMORY", "the token is full; delete unused objects");
        code(DEVICE_REMOVED, "CKR_DEVICE_REMOVED", "the token was removed; insert it again");
        code(ENCRYPTED_DATA_INVALID, "CKR_ENCRYPTED_DATA_INVALID", "the ciphertext is invalid or not made for this key");
        code(ENCRYPTED_DATA_LEN_RANGE, "CKR_ENCRYPTED_DATA_LEN_RANGE", "the ciphertext has a wrong length");
        code(FUNCTION_NOT_SUPPORTED, "CKR_FUNCTION_NOT_SUPPORTED", "the module does not implement this function");
        code(KEY_HANDLE_INVALID, "CKR_KEY_HANDLE_INVALID", "the key is gone (token re-inserted or object deleted)");
        code(KEY_TYPE_INCONSISTENT, "CKR_KEY_TYPE_INCONSISTENT", "the key type does not fit the mechanism; check the vendor profile");
        code(KEY_FUNCTION_NOT_PERMITTED, "CKR_KEY_FUNCTION_NOT_PERMITTED", "the key's usage attributes forbid this operation");
        code(MECHANISM_INVALID, "CKR_MECHANISM_INVALID", "the token does not offer this mechanism; choose the right vendor profile (x-profile=...)");
        code(MECHANISM_PARAM_INVALID, "CKR_MECHANISM_PARAM_INVALID", "the token rejected the mechanism parameter; check the vendor profile");
        code(OBJECT_HANDLE_INVALID, "CKR_OBJECT_HANDLE_INVALID", "the object is gone (token re-inserted or object deleted)");
        code(OPERATION_ACTIVE, "CKR_OPERATION_ACTIVE", "another operation is active in this session");
        code(OPERATION_NOT_INITIALIZED, "CKR_OPERATION_NOT_INITIALIZED", "no operation was started in this session");
        code(PIN_INCORRECT, "CKR_PIN_INCORRECT", "the PIN is wrong; check the pin-source before retrying, the token locks after a few failures");
        code(PIN_INVALID, "CKR_PIN_INVALID", "the PIN has characters the token does not accept");
        code(PIN_LEN_RANGE, "CKR_PIN_LEN_RANGE", "the PIN is too short or too long for this token");
        code(PIN_EXPIRED, "CKR_PIN_EXPIRED", "the PIN has expired; set a new one with the token's tools");
        code(PIN_LOCKED, "CKR_PIN_LOCKED", "the PIN is locked; unblock it with the SO PIN ('gmgw token unblock')");
        code(SESSION_CLOSED, "CKR_SESSION_CLOSED", "the session was closed; it will be reopened");
        code(SESSION_COUNT, "CKR_SESSION_COUNT", "the token has no free sessions; lower the pool size or close other applications");
        code(SESSION_HANDLE_INVALID, "CKR_SESSION_HANDLE_INVALID", "the session is gone (token removed or module re-initialised)");
        code(SESSION_PARALLEL_NOT_SUPPORTED, "CKR_SESSION_PARALLEL_NOT_SUPPORTED", "the module needs serial sessions");
        code(SESSION_READ_ONLY, "CKR_SESSION_READ_ONLY", "a read-write session is needed");
        code(SESSION_EXISTS, "CKR_SESSION_EXISTS", "close every session of this token first (stop the gateway) and retry");
        code(SESSION_READ_ONLY_EXISTS, "CKR_SESSION_READ_ONLY_EXISTS", "the SO cannot log in while read-only sessions exist; stop other users of the token");
        code(SESSION_READ_WRITE_SO_EXISTS, "CKR_SESSION_READ_WRITE_SO_EXISTS", "the SO is logged in; log out first");
        code(SIGNATURE_INVALID, "CKR_SIGNATURE_INVALID", "the signature does not verify");
        code(SIGNATURE_LEN_RANGE, "CKR_SIGNATURE_LEN_RANGE", "the signature has a wrong length; check the profile's signature format");
        code(TEMPLATE_INCOMPLETE, "CKR_TEMPLATE_INCOMPLETE", "the token needs more attributes; check the vendor profile");
        code(TEMPLATE_INCONSISTENT, "CKR_TEMPLATE_INCONSISTENT", "the token refused the attributes (for example an extractable private key)");
        code(TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT", "no token in the slot; insert the key");
        code(TOKEN_NOT_RECOGNIZED, "CKR_TOKEN_NOT_RECOGNIZED", "the token is not recognised or not initialised; run 'gmgw token init'");
        code(TOKEN_WRITE_PROTECTED, "CKR_TOKEN_WRITE_PROTECTED", "the token is write-protected");
        code(USER_ALREADY_LOGGED_IN, "CKR_USER_ALREADY_LOGGED_IN", "already logged in");
        code(USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN", "log in first (give a pin-source)");
        code(USER_PIN_NOT_INITIALIZED, "CKR_USER_PIN_NOT_INITIALIZED", "the user PIN was never set; run 'gmgw token init'");
        code(USER_TYPE_INVALID, "CKR_USER_TYPE_INVALID", "the module rejected the user type");
        code(USER_ANOTHER_ALREADY_LOGGED_IN, "CKR_USER_ANOTHER_ALREADY_LOGGED_IN", "another user (SO or user) is logged in to this token in this process");
        code(RANDOM_NO_RNG, "CKR_RANDOM_NO_RNG", "the token has no random number generator");
        code(DOMAIN_PARAMS_INVALID, "CKR_DOMAIN_PARAMS_INVALID", "the token does not accept these domain parameters (curve)");
        code(CURVE_NOT_SUPPORTED, "CKR_CURVE_NOT_SUPPORTED", "the token does not support the SM2 curve");
        code(BUFFER_TOO_SMALL, "CKR_BUFFER_TOO_SMALL", "the output buffer was too small");
        code(CRYPTOKI_NOT_INITIALIZED, "CKR_CRYPTOKI_NOT_INITIALIZED", "the module is not initialised");
        code(CRYPTOKI_ALREADY_INITIALIZED, "CKR_CRYPTOKI_ALREADY_INITIALIZED", "the module was initialised by someone else in this process");
    }

    /** The symbolic name, e.g. {@code CKR_PIN_INCORRECT}; vendor codes as {@code CKR_VENDOR_DEFINED+0x...}. */
    public static String name(long rv) {
        Entry e = CODES.get(rv);
        if (e != null) {
            return e.name();
        }
        if (Long.compareUnsigned(rv, 0x80000000L) >= 0) {
            return "CKR_VENDOR_DEFINED+0x" + Long.toHexString(rv - 0x80000000L).toUpperCase(Locale.ROOT);
        }
        return "CKR_0x" + Long.toHexString(rv).toUpperCase(Locale.ROOT);
    }

    /** What to do about it, in a few words. */
    public static String advice(long rv) {
        Entry e = CODES.get(rv);
        return e != null ? e.advice() : "see the token vendor's documentation for this code";
    }
}
