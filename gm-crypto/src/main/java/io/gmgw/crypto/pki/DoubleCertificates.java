package io.gmgw.crypto.pki;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The two certificates of a GM/T 0015 double-certificate pair: one for the signing key, one for the encryption key
 * (TLCP, GB/T 38636 §6.4.5.3, sends both in its Certificate message). Peers and tokens list them in different orders,
 * so they are told apart by keyUsage only, never by position: signing = digitalSignature or nonRepudiation, encryption
 * = keyEncipherment, dataEncipherment or keyAgreement (RFC 5280 §4.2.1.3). CA certificates in the list (the rest of a
 * chain) are ignored; a certificate asserting both kinds of usage cannot be placed and is an error.
 */
public record DoubleCertificates(Sm2Certificate signing, Sm2Certificate encryption) {
    public DoubleCertificates {
        Objects.requireNonNull(signing, "signing");
        Objects.requireNonNull(encryption, "encryption");
    }

    /** Selects the pair from {@code certificates} in any order. */
    public static DoubleCertificates select(Collection<Sm2Certificate> certificates) {
        return new DoubleCertificates(selectSigning(certificates), selectEncryption(certificates));
    }

    /** The one signing certificate among {@code certificates}. */
    public static Sm2Certificate selectSigning(Collection<Sm2Certificate> certificates) {
        return selectOne(certificates, true);
    }

    /** The one encryption certificate among {@code certificates}. */
    public static Sm2Certificate selectEncryption(Collection<Sm2Certificate> certificates) {
        return selectOne(certificates, false);
    }

    private static Sm2Certificate selectOne(Collection<Sm2Certificate> certificates, boolean signing) {
        String kind = signing ? "signing" : "encryption";
        List<Sm2Certificate> found = new ArrayList<>();
        for (Sm2Certificate c : new LinkedHashSet<>(certificates)) {
            if (c.isCa()) {
                continue;
            }
            if (c.isSigningCertificate() && c.isEncryptionCertificate()) {
                throw new DoubleCertificateException(DoubleCertificateException.Problem.MIXED_USAGE, "certificate " + c
                        + " has both signing and encryption key usages (" + KeyUsage.describe(c.keyUsage())
                        + "); GM/T 0015 double certificates keep them apart, so it cannot be placed in a pair");
            }
            if (signing ? c.isSigningCertificate() : c.isEncryptionCertificate()) {
                found.add(c);
            }
        }
        if (found.isEmpty()) {
            throw new DoubleCertificateException(signing ? DoubleCertificateException.Problem.NO_SIGNING
                    : DoubleCertificateException.Problem.NO_ENCRYPTION, "no " + kind + " certificate among the "
                    + certificates.size() + " given " + names(certificates) + "; a " + kind + " certificate has keyUsage "
                    + (signing ? "digitalSignature or nonRepudiation" : "keyEncipherment, dataEncipherment or keyAgreement"));
        }
        if (found.size() > 1) {
            throw new DoubleCertificateException(signing ? DoubleCertificateException.Problem.SEVERAL_SIGNING
                    : DoubleCertificateException.Problem.SEVERAL_ENCRYPTION, found.size() + " " + kind
                    + " certificates " + names(found) + " where a pair has one; remove the extra one");
        }
        return found.get(0);
    }

    private static String names(Collection<Sm2Certificate> certs) {
        return certs.stream().map(c -> c + " [" + KeyUsage.describe(c.keyUsage()) + "]").toList().toString();
    }
}
