package io.gmgw.crypto.core;

/** Base of every error raised by gm-crypto. The message says what failed and, where it helps, what to do next. */
public class GmCryptoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GmCryptoException(String message) {
        super(message);
    }

    public GmCryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
