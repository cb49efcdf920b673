package io.gmgw.interop.tlcp;

import io.gmgw.crypto.pki.Sm2Certificate;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One side's TLCP credentials as PEM files (GM/T 0015 double certificates): the signing key and certificate, the
 * encryption key and certificate (both null for a party that has a signing certificate only, as GmSSL clients do),
 * and the CA certificates that complete its chain (sent after the leaf certificates, never the trust anchor).
 * Private keys are unencrypted PKCS#8 ({@code PRIVATE KEY}), as {@code PrivateKeyPem.write} makes them.
 */
public record TlcpParty(String name, Path signKey, Path signCertificate, Path encKey, Path encCertificate, Path chain,
        Sm2Certificate sign, Sm2Certificate enc) {
    public TlcpParty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(signKey, "signKey");
        Objects.requireNonNull(signCertificate, "signCertificate");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(sign, "sign");
        if ((encKey == null) != (encCertificate == null) || (encCertificate == null) != (enc == null)) {
            throw new IllegalArgumentException("encryption key, certificate file and certificate go together");
        }
    }

    public boolean hasEncryptionPair() {
        return encKey != null;
    }

    /** The same party presenting its signing certificate only (a single-certificate client). */
    public TlcpParty signingOnly() {
        return new TlcpParty(name + " (signing certificate only)", signKey, signCertificate, null, null, chain, sign,
                null);
    }
}
