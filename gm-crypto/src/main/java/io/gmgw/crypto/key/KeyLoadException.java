package io.gmgw.crypto.key;

import io.gmgw.crypto.core.GmCryptoException;

/** A key could not be opened. The reason lets the launcher choose its exit code; the message says what to do. */
public final class KeyLoadException extends GmCryptoException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** No such file or object. */
        NOT_FOUND,
        /** It exists but cannot be read (permissions, I/O). */
        UNREADABLE,
        /** A secret in a file other users may read or change: refused until its mode is fixed. */
        INSECURE,
        /** Not a key in any format we read. */
        MALFORMED,
        /** A key format, curve or algorithm we do not support. */
        UNSUPPORTED,
        /** The key is encrypted and no password source was given. */
        PASSWORD_REQUIRED,
        /** The password does not decrypt the key. */
        WRONG_PASSWORD,
        /** Parts that must match do not: private and public key, key and certificate. */
        INCONSISTENT,
        /** No provider serves the URI scheme. */
        NO_PROVIDER
    }

    private final Reason reason;

    public KeyLoadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public KeyLoadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
