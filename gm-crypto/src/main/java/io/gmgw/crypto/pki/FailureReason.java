package io.gmgw.crypto.pki;

/**
 * Why a certificate path failed verification. Each reason is distinct so that the TLCP layer can choose its alert
 * (GB/T 38636 §6.4.4 alert descriptions, the same as TLS 1.1's) and the CLI its exit code; the hint after each
 * constant is the alert a TLCP endpoint would usually send.
 */
public enum FailureReason {
    /** A certificate or the presented chain cannot be read or is inconsistent. → bad_certificate */
    MALFORMED,
    /** No path reaches a trust anchor: the issuer is neither trusted nor presented/configured. → unknown_ca */
    UNKNOWN_CA,
    /** A certificate's signature does not verify with its issuer's key (and configured SM2 user ID). → bad_certificate */
    BAD_SIGNATURE,
    /** A certificate is signed with another algorithm than SM3withSM2. → unsupported_certificate */
    UNSUPPORTED_ALGORITHM,
    /** A certificate's notAfter is before the validation instant. → certificate_expired */
    EXPIRED,
    /** A certificate's notBefore is after the validation instant. → certificate_expired (TLCP has no closer alert) */
    NOT_YET_VALID,
    /** A certificate is listed on its issuer's current CRL. → certificate_revoked */
    REVOKED,
    /**
     * The keyUsage forbids the use (an end entity for the purpose, an issuer without keyCertSign), or the end entity
     * lacks an extendedKeyUsage the verification asked for. → unsupported_certificate
     */
    WRONG_KEY_USAGE,
    /** A certificate that is not a CA (basicConstraints cA unset) is used as an issuer or checked as a CA. → bad_certificate */
    NOT_A_CA,
    /** A pathLenConstraint is exceeded, or the path is longer than the verifier allows. → bad_certificate */
    PATH_TOO_LONG,
    /** A certificate has a critical extension gmgw does not process (RFC 5280 §4.2). → unsupported_certificate */
    UNSUPPORTED_CRITICAL_EXTENSION,
    /** The issuer's CRL is not authentic or not usable (bad signature, issuer without cRLSign, unknown critical extension, no nextUpdate). → certificate_unknown */
    CRL_INVALID,
    /** The issuer's newest CRL is past its nextUpdate. → certificate_unknown */
    CRL_EXPIRED,
    /** The issuer's CRLs all start after the validation instant (thisUpdate in the future). → certificate_unknown */
    CRL_NOT_YET_VALID,
    /** No CRL of the issuer is configured and the policy is {@link RevocationPolicy#REQUIRE}. → certificate_unknown */
    CRL_MISSING
}
