package io.gmgw.crypto.pki;

import io.gmgw.crypto.core.GmCryptoException;

/** A certificate, CRL or request could not be issued; the message says which rule stopped it and what to change. */
public final class IssuanceException extends GmCryptoException {
    private static final long serialVersionUID = 1L;

    public IssuanceException(String message) {
        super(message);
    }

    public IssuanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
