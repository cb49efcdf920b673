package io.gmgw.gateway.keys;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.pki.CertificateFiles;
import io.gmgw.crypto.pki.Sm2Certificate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The keys and certificates of one TLCP endpoint (GM/T 0024 double certificate): a signing key with its certificate,
 * an optional encryption key with its certificate, and the CA certificates sent after them. A key's certificate comes
 * from its {@link KeyReference#certificate()} file when named, otherwise from the key itself: the {@code file:}
 * provider finds it beside the key file ({@code sign.key.pem} with {@code sign.chain.pem} or {@code sign.cert.pem}, as
 * {@code gmgw pki issue} writes them), the {@code pkcs11:} provider on the token ({@code gmgw token import-cert}). The
 * CA certificates come from a chain file when named, else from the signing key's chain without its self-signed root
 * (the peer has the root, or it would not trust us anyway).
 *
 * <p>Whether each key matches its certificate is checked by the protocol's credentials, which know the key usages.
 * Closing wipes software keys and returns token sessions.
 */
public record EndpointKeys(KeyHandle signingKey, Sm2Certificate signingCertificate, KeyHandle encryptionKey,
        Sm2Certificate encryptionCertificate, List<Sm2Certificate> chain) implements AutoCloseable {

    public EndpointKeys {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(signingCertificate, "signingCertificate");
        if ((encryptionKey == null) != (encryptionCertificate == null)) {
            throw new IllegalArgumentException("an encryption key needs its certificate and the other way round");
        }
        chain = List.copyOf(chain);
    }

    /**
     * Opens the signing key, then the encryption key ({@code null} for none), and reads their certificates and the
     * CA certificates ({@code chainFile}, named by {@code chainLabel}, or null for the signing key's own chain). A
     * failure closes whatever was opened before it: nothing keeps keys that will not be used.
     */
    public static EndpointKeys open(CryptoModule module, KeyReference signing, KeyReference encryption, Path chainFile,
            String chainLabel) throws IOException {
        Objects.requireNonNull(signing, "signing");
        KeyHandle sign = open(module, signing);
        KeyHandle enc = null;
        try {
            enc = encryption == null ? null : open(module, encryption);
            Sm2Certificate signCert = certificate(signing, sign);
            Sm2Certificate encCert = enc == null ? null : certificate(encryption, enc);
            List<Sm2Certificate> cas = chainFile != null ? CertificateFiles.certificates(chainFile, chainLabel)
                    : issuersOf(sign, signCert);
            return new EndpointKeys(sign, signCert, enc, encCert, cas);
        } catch (IOException | RuntimeException e) {
            sign.close();
            if (enc != null) {
                enc.close();
            }
            throw e;
        }
    }

    /** One key with its certificate chain (leaf first): the named certificate file's, else the key's own. */
    public static KeyHandle open(CryptoModule module, KeyReference key) {
        return NamedKeys.open(module, key.label(), key.reference(), KeyOptions.withPassword(key.password()));
    }

    /** The key's certificate: the first in its named certificate file, else the one that came with the key. */
    public static Sm2Certificate certificate(KeyReference reference, KeyHandle key) throws IOException {
        if (reference.certificate() != null) {
            return CertificateFiles.certificate(reference.certificate(), reference.certificateLabel());
        }
        List<Sm2Certificate> chain = key.certificateChain();
        if (chain.isEmpty()) {
            throw new KeyWiringException(KeyWiringException.Problem.NO_CERTIFICATE, "no certificate for "
                    + reference.label() + " " + key.description() + ": give " + reference.certificateLabel()
                    + " PEM, or keep the certificate with the key: beside a key file as NAME.chain.pem or "
                    + "NAME.cert.pem (gmgw pki issue writes both), or on the token (gmgw token import-cert)");
        }
        return chain.get(0);
    }

    /** The CA certificates to send after {@code leaf}: the key's chain above it, without a self-signed root. */
    private static List<Sm2Certificate> issuersOf(KeyHandle key, Sm2Certificate leaf) {
        List<Sm2Certificate> chain = key.certificateChain();
        if (chain.isEmpty() || !chain.get(0).equals(leaf)) {
            return List.of();
        }
        List<Sm2Certificate> cas = new ArrayList<>(chain.subList(1, chain.size()));
        cas.removeIf(Sm2Certificate::isSelfIssued);
        return cas;
    }

    /** The encryption key and certificate are both present. */
    public boolean hasEncryptionKey() {
        return encryptionKey != null;
    }

    @Override
    public void close() {
        signingKey.close();
        if (encryptionKey != null) {
            encryptionKey.close();
        }
    }
}
