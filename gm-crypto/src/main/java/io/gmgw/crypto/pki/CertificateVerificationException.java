package io.gmgw.crypto.pki;

import io.gmgw.crypto.core.GmCryptoException;

/** A certificate path failed verification; {@link #failure()} says why, for alerts and exit codes. */
public final class CertificateVerificationException extends GmCryptoException {
    private static final long serialVersionUID = 1L;

    private final transient VerificationResult.Invalid failure;

    public CertificateVerificationException(VerificationResult.Invalid failure) {
        super(failure.message());
        this.failure = failure;
    }

    public VerificationResult.Invalid failure() {
        return failure;
    }

    public FailureReason reason() {
        return failure.reason();
    }
}
