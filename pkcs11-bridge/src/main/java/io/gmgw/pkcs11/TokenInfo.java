package io.gmgw.pkcs11;

import java.util.ArrayList;
import java.util.List;

/** CK_TOKEN_INFO of the token in one slot, with the PIN state its flags carry. */
public record TokenInfo(long slotId, String label, String manufacturer, String model, String serialNumber, long flags,
        long sessionCount, long maxSessionCount, long minPinLength, long maxPinLength) {

    public boolean initialized() {
        return (flags & Ck.CKF_TOKEN_INITIALIZED) != 0;
    }

    public boolean userPinLocked() {
        return (flags & Ck.CKF_USER_PIN_LOCKED) != 0;
    }

    public boolean userPinFinalTry() {
        return (flags & Ck.CKF_USER_PIN_FINAL_TRY) != 0;
    }

    public boolean userPinCountLow() {
        return (flags & Ck.CKF_USER_PIN_COUNT_LOW) != 0;
    }

    public boolean soPinLocked() {
        return (flags & Ck.CKF_SO_PIN_LOCKED) != 0;
    }

    /** The PIN state in words: "locked", "final try", "count low" (a failed attempt was recorded) or "ok". */
    public String userPinState() {
        if ((flags & Ck.CKF_USER_PIN_INITIALIZED) == 0) {
            return "not set";
        }
        return userPinLocked() ? "locked" : userPinFinalTry() ? "final try" : userPinCountLow() ? "count low" : "ok";
    }

    /** The set flags by name, for {@code gmgw token info}. */
    public List<String> flagNames() {
        List<String> n = new ArrayList<>();
        String[] names = {"RNG", "WRITE_PROTECTED", "LOGIN_REQUIRED", "USER_PIN_INITIALIZED"};
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1L << i)) != 0) {
                n.add(names[i]);
            }
        }
        if ((flags & Ck.CKF_PROTECTED_AUTHENTICATION_PATH) != 0) {
            n.add("PROTECTED_AUTHENTICATION_PATH");
        }
        if (initialized()) {
            n.add("TOKEN_INITIALIZED");
        }
        if (userPinCountLow()) {
            n.add("USER_PIN_COUNT_LOW");
        }
        if (userPinFinalTry()) {
            n.add("USER_PIN_FINAL_TRY");
        }
        if (userPinLocked()) {
            n.add("USER_PIN_LOCKED");
        }
        if ((flags & Ck.CKF_SO_PIN_COUNT_LOW) != 0) {
            n.add("SO_PIN_COUNT_LOW");
        }
        if ((flags & Ck.CKF_SO_PIN_FINAL_TRY) != 0) {
            n.add("SO_PIN_FINAL_TRY");
        }
        if (soPinLocked()) {
            n.add("SO_PIN_LOCKED");
        }
        return n;
    }
}
