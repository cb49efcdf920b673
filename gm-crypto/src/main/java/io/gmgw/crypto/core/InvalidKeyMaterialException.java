package io.gmgw.crypto.core;

/** Key material that must not be used: a point off the curve or at infinity, a scalar out of range, a wrong length. */
public final class InvalidKeyMaterialException extends GmCryptoException {
    private static final long serialVersionUID = 1L;

    public InvalidKeyMaterialException(String message) {
        super(message);
    }

    public InvalidKeyMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
