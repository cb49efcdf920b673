package io.gmgw.pkcs11.profile;

import io.gmgw.crypto.core.GmCryptoException;

/** A vendor profile is unknown or malformed. */
public final class ProfileException extends GmCryptoException {
    private static final long serialVersionUID = 1L;

    public ProfileException(String message) {
        super(message);
    }
}
