package io.gmgw.crypto.pki;

/** What {@link CertificateVerifier} does when no CRL of a certificate's issuer is configured. */
public enum RevocationPolicy {
    /** Fail with {@link FailureReason#CRL_MISSING}: every non-anchor certificate must be covered by its issuer's CRL. */
    REQUIRE,
    /** Check the certificates whose issuer has a configured CRL and skip the others. */
    IF_PRESENT
}
