package io.gmgw.crypto.pki;

/**
 * What the end-entity certificate of a path is about to be used for; {@link CertificateVerifier} checks its keyUsage
 * against it (RFC 5280 §4.2.1.3, GM/T 0015 double certificates).
 */
public enum CertificatePurpose {
    /**
     * Verifying signatures made by the key (the signing certificate of a TLCP pair, an ACL signer): keyUsage
     * digitalSignature or nonRepudiation.
     */
    SIGNING,
    /**
     * Encrypting to or agreeing keys with the key (the encryption certificate of a TLCP pair): keyUsage
     * keyEncipherment, dataEncipherment or keyAgreement.
     */
    ENCRYPTION,
    /** Any use: the keyUsage of the end entity is not checked (diagnostics, {@code gmgw pki verify}). */
    ANY,
    /** The end entity is itself a CA certificate being checked: basicConstraints cA and, with keyUsage, keyCertSign. */
    CA
}
