package io.gmgw.pkcs11;

import io.gmgw.crypto.core.GmCryptoException;

/** A PKCS#11 module could not be loaded: wrong path, not a PKCS#11 library, missing dependencies. */
public final class Pkcs11LoadException extends GmCryptoException {
    private static final long serialVersionUID = 1L;

    public Pkcs11LoadException(String message) {
        super(message);
    }

    public Pkcs11LoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
