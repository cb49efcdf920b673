package io.gmgw.crypto.pki;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The outcome of {@link CertificateVerifier}: a validated path, or the first rule it broke. */
public sealed interface VerificationResult permits VerificationResult.Valid, VerificationResult.Invalid {

    /** A path that passed every check, from the end entity to the trust anchor (both included). */
    record Valid(List<Sm2Certificate> path) implements VerificationResult {
        public Valid {
            path = List.copyOf(path);
            if (path.isEmpty()) {
                throw new IllegalArgumentException("a validated path has at least one certificate");
            }
        }

        public Sm2Certificate endEntity() {
            return path.get(0);
        }

        public Sm2Certificate trustAnchor() {
            return path.get(path.size() - 1);
        }
    }

    /**
     * A failure: why, the certificate concerned (null only when a presented certificate could not even be read) and
     * a message for the operator. For {@link FailureReason#REVOKED}, {@code revocationEntry} is the CRL entry (date
     * and reason); null otherwise.
     */
    record Invalid(FailureReason reason, Sm2Certificate certificate, String message, RevokedCertificate revocationEntry)
            implements VerificationResult {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        Invalid(FailureReason reason, Sm2Certificate certificate, String message) {
            this(reason, certificate, message, null);
        }

        public Optional<RevokedCertificate> revocation() {
            return Optional.ofNullable(revocationEntry);
        }
    }

    default boolean isValid() {
        return this instanceof Valid;
    }

    /** The validated path, leaf first; throws {@link CertificateVerificationException} for a failure. */
    default List<Sm2Certificate> pathOrThrow() {
        return switch (this) {
            case Valid v -> v.path();
            case Invalid i -> throw new CertificateVerificationException(i);
        };
    }
}
