package io.gmgw.pkcs11.token;

import io.gmgw.pkcs11.CkRv;
import io.gmgw.pkcs11.Pkcs11Exception;

/** The token rejected the user PIN; says what the token reports about the tries left. */
public final class PinIncorrectException extends Pkcs11Exception {
    private static final long serialVersionUID = 1L;

    private final String triesLeft;

    public PinIncorrectException(String token, String pinSource, String triesLeft) {
        super("C_Login", CkRv.PIN_INCORRECT, "C_Login failed: CKR_PIN_INCORRECT (0xA0) on " + token + ": the PIN from "
                + pinSource + " is wrong; " + triesLeft + ". Fix the PIN source; gmgw does not retry a rejected PIN",
                true);
        this.triesLeft = triesLeft;
    }

    /** What the token's flags say: "final try", "fewer tries left", or that it does not tell. */
    public String triesLeft() {
        return triesLeft;
    }
}
