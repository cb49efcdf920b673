package io.gmgw.pkcs11.key;

import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.pkcs11.CkRv;
import io.gmgw.pkcs11.Pkcs11Exception;
import io.gmgw.pkcs11.Pkcs11Library;
import io.gmgw.pkcs11.token.Token;

/**
 * A key object in a token, named by label and/or id, as both key kinds ({@link Pkcs11KeyHandle},
 * {@link Pkcs11Sm4Key}) hold it: its object handle is cached for the token's current generation and found again
 * after the token was re-inserted, or once when the token calls the handle invalid; it is closed once, running the
 * owner's {@code onClose} then. Thread-safe: work borrows sessions from the token's pool.
 */
final class TokenKeyObject {
    /** Work with one session and the key's object handle. */
    @FunctionalInterface
    interface KeyWork<T> {
        T run(Pkcs11Library library, long session, long key);
    }

    private final Token token;
    private final long objectClass;
    private final String label;
    private final byte[] id;
    private final Runnable onClose;
    // guarded by this
    private long cachedGeneration;
    private long cachedHandle;
    private boolean closed;

    /** The object {@code handle} just found (in a session of {@code token}) with {@code objectClass} (CKO_*). */
    TokenKeyObject(Token token, long objectClass, String label, byte[] id, long handle, Runnable onClose) {
        this.token = token;
        this.objectClass = objectClass;
        this.label = label;
        this.id = id == null ? null : id.clone();
        this.onClose = onClose;
        synchronized (this) {
            this.cachedGeneration = token.generation();
            this.cachedHandle = handle;
        }
    }

    /** Refuses a key URI ({@code description}) that names neither a label nor an id. */
    static void requireName(String label, byte[] id, String description) {
        if (label == null && id == null) {
            throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, "the pkcs11: URI " + description
                    + " names no key: add object=LABEL and/or id=%xx...");
        }
    }

    Token token() {
        return token;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Runs {@code work} with the key's object handle, finding the key again once if the handle went stale. */
    <T> T withKey(KeyWork<T> work) {
        return token.call((lib, s) -> {
            long k = handle(lib, s, false);
            try {
                return work.run(lib, s, k);
            } catch (Pkcs11Exception e) {
                if (e.code() != CkRv.KEY_HANDLE_INVALID && e.code() != CkRv.OBJECT_HANDLE_INVALID) {
                    throw e;
                }
                return work.run(lib, s, handle(lib, s, true));
            }
        });
    }

    private long handle(Pkcs11Library lib, long session, boolean refind) {
        long gen = token.generation();
        synchronized (this) {
            if (!refind && gen == cachedGeneration) {
                return cachedHandle;
            }
        }
        long h = TokenKeys.findOne(lib, session, objectClass, label, id, token.describe());
        synchronized (this) {
            cachedGeneration = gen;
            cachedHandle = h;
        }
        return h;
    }

    /** Marks the key closed and runs {@code onClose}, the first time only. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        onClose.run();
    }
}
