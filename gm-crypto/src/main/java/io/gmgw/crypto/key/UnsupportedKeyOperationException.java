package io.gmgw.crypto.key;

import io.gmgw.crypto.core.GmCryptoException;

/** The key cannot do what was asked (e.g. a token key without an SM2 key-agreement mechanism asked for ECDHE). */
public final class UnsupportedKeyOperationException extends GmCryptoException {
    private static final long serialVersionUID = 1L;

    public UnsupportedKeyOperationException(String message) {
        super(message);
    }
}
