package io.gmgw.ipsec.ike.config;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.KeyUsage;
import io.gmgw.crypto.pki.Sm2Certificate;
import java.util.Objects;

/**
 * What the GM digital-envelope main mode (ipsec.md §2) needs besides the common phase-1 settings: our GM/T 0015 double
 * certificate (the signing key signs SIG_i/SIG_r, the encryption key opens the peer's envelope), each key a
 * {@link KeyHandle} so that it may sit in a file ({@code file:}) or a token ({@code pkcs11:}); the verifier for the
 * peer's two certificates (trust anchors, intermediates, CRLs and the revocation policy); and the crypto module for
 * SM2 encryption and verification, SM3 and SM4. The handles stay the caller's: closing them is its business.
 */
public record EnvelopeCredentials(KeyHandle signingKey, Sm2Certificate signingCertificate, KeyHandle encryptionKey,
        Sm2Certificate encryptionCertificate, CertificateVerifier peerVerifier, CryptoModule module) {
    public EnvelopeCredentials {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(signingCertificate, "signingCertificate");
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        Objects.requireNonNull(encryptionCertificate, "encryptionCertificate");
        Objects.requireNonNull(peerVerifier, "peerVerifier");
        Objects.requireNonNull(module, "module");
        if (!signingKey.publicKey().equals(signingCertificate.publicKey())) {
            throw new IllegalArgumentException("signing key " + signingKey.description() + " does not belong to "
                    + signingCertificate + " (their public keys differ)");
        }
        if (!encryptionKey.publicKey().equals(encryptionCertificate.publicKey())) {
            throw new IllegalArgumentException("encryption key " + encryptionKey.description() + " does not belong to "
                    + encryptionCertificate + " (their public keys differ)");
        }
        if (!signingKey.capabilities().contains(KeyHandle.Capability.SIGN)) {
            throw new IllegalArgumentException("key " + signingKey.description() + " cannot sign");
        }
        if (!encryptionKey.capabilities().contains(KeyHandle.Capability.DECRYPT)) {
            throw new IllegalArgumentException("key " + encryptionKey.description() + " cannot decrypt SM2, which "
                    + "opening the peer's digital envelope needs");
        }
        if (signingCertificate.hasKeyUsageExtension() && !signingCertificate.isSigningCertificate()) {
            throw new IllegalArgumentException(signingCertificate + " is not a signing certificate (keyUsage "
                    + KeyUsage.describe(signingCertificate.keyUsage()) + ")");
        }
        if (encryptionCertificate.hasKeyUsageExtension()
                && !encryptionCertificate.keyUsage().contains(KeyUsage.KEY_ENCIPHERMENT)
                && !encryptionCertificate.keyUsage().contains(KeyUsage.DATA_ENCIPHERMENT)) {
            throw new IllegalArgumentException(encryptionCertificate + " is not an encryption certificate (keyUsage "
                    + KeyUsage.describe(encryptionCertificate.keyUsage()) + "; keyEncipherment or dataEncipherment "
                    + "is needed to receive a digital envelope)");
        }
    }

    @Override
    public String toString() {
        return "EnvelopeCredentials[signing=" + signingCertificate + " (" + signingKey.description() + "), encryption="
                + encryptionCertificate + " (" + encryptionKey.description() + ")]";
    }
}
