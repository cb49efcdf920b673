package io.gmgw.crypto.pki;

import io.gmgw.crypto.core.GmCryptoException;

/** The certificates given do not form one double-certificate pair; {@link #problem()} says how. */
public final class DoubleCertificateException extends GmCryptoException {
    private static final long serialVersionUID = 1L;

    /** How the list fails to form a pair. */
    public enum Problem {
        NO_SIGNING, NO_ENCRYPTION, SEVERAL_SIGNING, SEVERAL_ENCRYPTION, MIXED_USAGE
    }

    private final Problem problem;

    public DoubleCertificateException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
