package io.gmgw.crypto.core;

/**
 * A ciphertext failed to decrypt: authentication tag, C3 hash, MAC or padding mismatch, or a malformed encoding.
 * Deliberately says no more than that, so that callers cannot become padding or format oracles.
 */
public final class BadCiphertextException extends GmCryptoException {
    private static final long serialVersionUID = 1L;

    public BadCiphertextException(String message) {
        super(message);
    }
}
