package io.gmgw.crypto.ca;

import io.gmgw.crypto.core.GmCryptoException;
import java.util.Objects;

/**
 * A certificate-authority operation could not be done, and why, in words an operator can act on (what, where, what
 * to do next). {@link #kind()} tells a caller how to classify it (the launcher turns it into an exit code).
 */
public class CaException extends GmCryptoException {
    private static final long serialVersionUID = 1L;

    /** What kind of problem: each asks for a different remedy. */
    public enum Kind {
        /** No CA in the folder (nothing there, or an earlier set-up was interrupted). */
        NO_CA,
        /** The CA's files exist but this user may not read or write them: a permission problem, not an absence. */
        NOT_PERMITTED,
        /** What would be created exists already (a CA, an issued pair): gmgw never overwrites it. */
        EXISTS,
        /** A folder or file could not be created. */
        CANT_CREATE,
        /** A state file (serial ledger, revocation index, CRL number) or a CA file is damaged. */
        DAMAGED,
        /** The request itself is wrong (a validity beyond the CA's, the same key twice, a bad host name). */
        INVALID_REQUEST,
        /** Well-formed input that does not fit (a certificate of another CA, a key that cannot sign). */
        WRONG_DATA,
        /** A request's self-signature does not verify. */
        NOT_VERIFIED,
        /** The CA's own certificate is not valid now. */
        CA_NOT_VALID
    }

    private final Kind kind;

    public CaException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public CaException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
