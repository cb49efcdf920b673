package io.gmgw.pkcs11.token;

import io.gmgw.pkcs11.CkRv;
import io.gmgw.pkcs11.Pkcs11Exception;

/** The user PIN is locked after too many wrong PINs: only the SO can unblock it. */
public final class TokenLockedException extends Pkcs11Exception {
    private static final long serialVersionUID = 1L;

    public TokenLockedException(String token) {
        super("C_Login", CkRv.PIN_LOCKED, "C_Login failed: CKR_PIN_LOCKED (0xA4) on " + token
                + ": the user PIN is locked after too many wrong PINs; unblock it with the SO PIN"
                + " ('gmgw token unblock') and set a new user PIN", true);
    }
}
