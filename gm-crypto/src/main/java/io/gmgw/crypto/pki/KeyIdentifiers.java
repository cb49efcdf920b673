package io.gmgw.crypto.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * Key identifiers for the subjectKeyIdentifier and authorityKeyIdentifier extensions (RFC 5280 §4.2.1.1, §4.2.1.2).
 *
 * <p>gmgw derives a key identifier as the leftmost 160 bits of SM3 over the value of the subjectPublicKey BIT STRING
 * ({@code 04 ‖ x ‖ y}, without tag, length or unused-bits octet): RFC 5280 method 1 with SM3 in place of SHA-1, in the
 * style RFC 7093 §2 allows for other hashes. Why SM3: the identifier is an opaque label that verifiers only compare
 * (nobody recomputes it), so the hash does not affect interoperability, while keeping SHA-1 out of the product means
 * an assessment of the appliance's algorithms (GM/T 0028 / GB/T 37092) finds only commercial-cryptography algorithms.
 */
public final class KeyIdentifiers {
    /** 160 bits, the length of RFC 5280 method 1 identifiers, so tools that print or match them see the usual size. */
    public static final int LENGTH = 20;

    private KeyIdentifiers() {
    }

    /** The key identifier of {@code key}. */
    public static byte[] of(CryptoModule module, Sm2PublicKey key) {
        return Arrays.copyOf(module.sm3().hash(key.encoded()), LENGTH);
    }

    static SubjectKeyIdentifier subjectKeyIdentifier(CryptoModule module, Sm2PublicKey key) {
        return new SubjectKeyIdentifier(of(module, key));
    }

    /**
     * The authorityKeyIdentifier for certificates and CRLs signed by {@code issuer}: its own subjectKeyIdentifier when it
     * has one (RFC 5280 §4.2.1.1: the AKI must match the issuer's SKI), otherwise one derived from its key.
     */
    static AuthorityKeyIdentifier authorityKeyIdentifier(CryptoModule module, Sm2Certificate issuer) {
        byte[] ski = issuer.subjectKeyIdentifier();
        return new AuthorityKeyIdentifier(ski != null ? ski : of(module, issuer.publicKey()));
    }
}
