package io.gmgw.pkcs11.token;

import io.gmgw.pkcs11.CkRv;
import io.gmgw.pkcs11.Pkcs11Exception;

/** No token matching the selector is present (never inserted, or pulled out). */
public final class TokenAbsentException extends Pkcs11Exception {
    private static final long serialVersionUID = 1L;

    public TokenAbsentException(String function, String message) {
        super(function, CkRv.TOKEN_NOT_PRESENT, message, true);
    }
}
