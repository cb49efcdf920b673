package io.gmgw.sslvpn.tls;

import io.gmgw.crypto.pki.PemFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CRL;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads what a TLS server is configured with from PEM files, as OpenSSL writes them: a private key (PKCS#8
 * {@code PRIVATE KEY}, or the older {@code EC PRIVATE KEY} / {@code RSA PRIVATE KEY}), certificate chains and CRLs
 * (PEM or DER). Keys become the JDK's own key objects, so the JDK's providers sign with them. Files are read whole, at
 * most {@link PemFiles#MAX_SIZE} bytes; each error names the file and what to do.
 */
public final class TlsPemFiles {
    private TlsPemFiles() {
    }

    /** The unencrypted private key in {@code file}. */
    public static PrivateKey privateKey(Path file) throws IOException {
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
                    throw new IOException(file + ": the private key is encrypted; the gateway reads unencrypted keys"
                            + " (protect the file with its permissions, or keep the key in a token): decrypt it with"
                            + " 'openssl pkey -in " + file.getFileName() + " -out KEY.pem'");
                }
            }
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new IOException(file + ": not a readable private key: " + e.getMessage(), e);
        }
        throw new IOException(file + ": no private key found (expected a PEM block 'PRIVATE KEY', 'EC PRIVATE KEY' or"
                + " 'RSA PRIVATE KEY')");
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
