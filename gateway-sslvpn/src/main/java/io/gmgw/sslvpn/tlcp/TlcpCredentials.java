package io.gmgw.sslvpn.tlcp;

import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.pki.Sm2Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One side's double certificate (GM/T 0024 §6.4.5.3): the signing key and certificate, the encryption key and
 * certificate, and the CA certificates sent after them. The keys are handles, so they may live in a token.
 * The encryption pair is optional for a client (ECC suites with a signing certificate only, as GmSSL sends it).
 */
public record TlcpCredentials(KeyHandle signingKey, Sm2Certificate signingCertificate, KeyHandle encryptionKey,
        Sm2Certificate encryptionCertificate, List<Sm2Certificate> chain) implements AutoCloseable {

    public TlcpCredentials {
        Objects.requireNonNull(signingKey, "signing key");
        Objects.requireNonNull(signingCertificate, "signing certificate");
        chain = List.copyOf(chain);
        if (!signingKey.publicKey().equals(signingCertificate.publicKey())) {
            throw new IllegalArgumentException("the signing key " + signingKey.description()
                    + " does not belong to the signing certificate " + signingCertificate);
        }
        if (!signingCertificate.isSigningCertificate()) {
            throw new IllegalArgumentException("the signing certificate " + signingCertificate
                    + " has no digitalSignature key usage; is it the encryption certificate?");
        }
        if ((encryptionKey == null) != (encryptionCertificate == null)) {
            throw new IllegalArgumentException("give both the encryption key and the encryption certificate, or neither");
        }
        if (encryptionKey != null) {
            if (!encryptionKey.publicKey().equals(encryptionCertificate.publicKey())) {
                throw new IllegalArgumentException("the encryption key " + encryptionKey.description()
                        + " does not belong to the encryption certificate " + encryptionCertificate);
            }
            if (!encryptionCertificate.isEncryptionCertificate()) {
                throw new IllegalArgumentException("the encryption certificate " + encryptionCertificate
                        + " has none of the key usages keyEncipherment, dataEncipherment, keyAgreement");
            }
        }
    }

    public boolean hasEncryptionPair() {
        return encryptionKey != null;
    }

    /** The Certificate message list: signing, encryption (when present), then the chain. */
    public List<byte[]> doubleChain() {
        List<byte[]> out = new ArrayList<>();
        out.add(signingCertificate.encoded());
        if (encryptionCertificate != null) {
            out.add(encryptionCertificate.encoded());
        }
        for (Sm2Certificate c : chain) {
            out.add(c.encoded());
        }
        return out;
    }

    /** The GmSSL client shape: signing certificate and chain only. */
    public List<byte[]> signingChain() {
        List<byte[]> out = new ArrayList<>();
        out.add(signingCertificate.encoded());
        for (Sm2Certificate c : chain) {
            out.add(c.encoded());
        }
        return out;
    }

    /** Closes both key handles: software keys are wiped, token sessions returned (the owner of the keys calls it). */
    @Override
    public void close() {
        try {
            signingKey.close();
        } finally {
            if (encryptionKey != null) {
                encryptionKey.close();
            }
        }
    }
}
