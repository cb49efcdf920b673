package io.gmgw.crypto.pki;

import java.util.EnumSet;
import java.util.Set;

/**
 * The kinds of certificate gmgw issues and the extensions each carries (GM/T 0015-2012 §7 and RFC 5280 §4.2). Every
 * issued certificate also carries subjectKeyIdentifier and authorityKeyIdentifier; server certificates carry their
 * host name as a subjectAltName.
 */
public enum CertificateProfile {
    /** Self-signed root: critical basicConstraints cA (no length limit), keyUsage keyCertSign + cRLSign. */
    ROOT_CA(true, null, EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN)),
    /** Issuing CA under a root: cA with pathLenConstraint 0 (it issues end entities only). */
    INTERMEDIATE_CA(true, 0, EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN)),
    /** Signing half of a double pair (GM/T 0015): digitalSignature + nonRepudiation. */
    SIGNING(false, null, EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.NON_REPUDIATION)),
    /** Encryption half of a double pair: keyEncipherment + dataEncipherment + keyAgreement (TLCP's ECC and ECDHE suites). */
    ENCRYPTION(false, null, EnumSet.of(KeyUsage.KEY_ENCIPHERMENT, KeyUsage.DATA_ENCIPHERMENT, KeyUsage.KEY_AGREEMENT));

    private final boolean ca;
    private final Integer pathLength;
    private final Set<KeyUsage> keyUsage;

    CertificateProfile(boolean ca, Integer pathLength, Set<KeyUsage> keyUsage) {
        this.ca = ca;
        this.pathLength = pathLength;
        this.keyUsage = keyUsage;
    }

    public boolean isCa() {
        return ca;
    }

    /** The pathLenConstraint written, or null for none. */
    public Integer pathLength() {
        return pathLength;
    }

    /** The keyUsage bits written (always as a critical extension, RFC 5280 §4.2.1.3 "SHOULD mark it critical"). */
    public Set<KeyUsage> keyUsage() {
        return EnumSet.copyOf(keyUsage);
    }
}
