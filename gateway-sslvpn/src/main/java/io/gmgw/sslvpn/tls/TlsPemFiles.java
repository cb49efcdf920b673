package io.gmgw.sslvpn.tls;

import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.pki.PemFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CRL;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads what a TLS server is configured with from PEM files, as OpenSSL writes them: a private key (PKCS#8
 * {@code PRIVATE KEY}, or the older {@code EC PRIVATE KEY} / {@code RSA PRIVATE KEY}; encrypted as
 * {@code ENCRYPTED PRIVATE KEY}, PKCS#8 with PBES2 as {@code openssl pkey -aes256} writes it, or the legacy
 * {@code Proc-Type: 4,ENCRYPTED} form, given a password source), certificate chains and CRLs (PEM or DER). Keys become
 * the JDK's own key objects, so the JDK's providers sign with them. Files are read whole, at most
 * {@link PemFiles#MAX_SIZE} bytes; each error names the file and what to do, never the password.
 */
public final class TlsPemFiles {
    private static final Provider BC = new BouncyCastleProvider();

    private TlsPemFiles() {
    }

    /** The unencrypted private key in {@code file}. */
    public static PrivateKey privateKey(Path file) throws IOException {
        return privateKey(file, null);
    }

    /**
     * The private key in {@code file}, decrypted with the password from {@code password} when it is encrypted (the
     * password is read only then, and wiped after use). Null {@code password}: the key must be unencrypted.
     *
     * @throws KeyLoadException PASSWORD_REQUIRED for an encrypted key without a source, WRONG_PASSWORD when the
     *                          password does not decrypt it, or what the source throws (a missing file or variable)
     */
    public static PrivateKey privateKey(Path file, PasswordSource password) throws IOException {
        byte[] bytes = PemFiles.read(file);
        try (Reader r = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    if (password == null) {
                        throw new KeyLoadException(KeyLoadException.Reason.PASSWORD_REQUIRED, file
                                + ": the private key is encrypted and no password source is given;"
                                + " name one (tls.key-password: file:PATH, env:NAME, systemd-credential:NAME or"
                                + " prompt), or decrypt the key with 'openssl pkey -in " + file.getFileName()
                                + " -out KEY.pem' and protect the file with its permissions");
                    }
                    return converter.getPrivateKey(decrypt(file, o, password));
                }
            }
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new IOException(file + ": not a readable private key: " + e.getMessage(), e);
        }
        throw new IOException(file + ": no private key found (expected a PEM block 'PRIVATE KEY', 'EC PRIVATE KEY' or"
                + " 'RSA PRIVATE KEY')");
    }

    private static PrivateKeyInfo decrypt(Path file, Object encrypted, PasswordSource source) throws IOException {
        char[] password = source.password();
        try {
            if (encrypted instanceof PKCS8EncryptedPrivateKeyInfo pkcs8) {
                // a private provider instance: PBES2's ciphers and PRFs by OID, nothing registered process-wide
                return pkcs8.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC)
                        .build(password));
            }
            PEMKeyPair pair = ((PEMEncryptedKeyPair) encrypted).decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                    .setProvider(BC).build(password));
            return pair.getPrivateKeyInfo();
        } catch (PKCSException | OperatorCreationException | org.bouncycastle.openssl.PEMException e) {
            // a wrong password shows as a padding or structure error: say both, never the password
            throw new KeyLoadException(KeyLoadException.Reason.WRONG_PASSWORD, file
                    + ": the private key could not be decrypted with the password from "
                    + source.description() + " (wrong password, or an encryption this gateway does not read: "
                    + "re-encrypt it with 'openssl pkey -in KEY -aes256 -out " + file.getFileName() + "')", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The X.509 certificates in {@code file}, in file order (for a chain: end entity first). */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        byte[] bytes = PemFiles.read(file);
        try {
            List<X509Certificate> certs = new ArrayList<>();
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes))) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) {
                throw new IOException(file + ": no certificate found (expected PEM 'CERTIFICATE' blocks)");
            }
            return List.copyOf(certs);
        } catch (CertificateException e) {
            throw new IOException(file + ": not a readable certificate file: " + e.getMessage(), e);
        }
    }

    /** The CRLs in {@code file}. */
    public static List<X509CRL> crls(Path file) throws IOException {
        byte[] bytes = PemFiles.read(file);
        try {
            List<X509CRL> crls = new ArrayList<>();
            for (CRL c : CertificateFactory.getInstance("X.509").generateCRLs(new ByteArrayInputStream(bytes))) {
                crls.add((X509CRL) c);
            }
            if (crls.isEmpty()) {
                throw new IOException(file + ": no CRL found (expected PEM 'X509 CRL' blocks)");
            }
            return List.copyOf(crls);
        } catch (CertificateException | CRLException e) {
            throw new IOException(file + ": not a readable CRL file: " + e.getMessage(), e);
        }
    }
}
