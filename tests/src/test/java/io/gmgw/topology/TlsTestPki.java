package io.gmgw.topology;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A throw-away TLS PKI for the VPN topology tests, as PEM files that GnuTLS (ocserv, openconnect) and BC-JSSE both
 * read: an ECDSA P-256 root CA, a server certificate for the gateway's outer address (IP subjectAltName, serverAuth)
 * and a client certificate for user {@value #USER} (the user in the CN, which ocserv's {@code cert-user-oid = 2.5.4.3}
 * reads; clientAuth, cstp.md §12), and the CA's empty CRL. Keys are unencrypted PKCS#8. Valid from an hour ago for
 * two days, so no test run sees them expire. Made with Bouncy Castle over the JDK's EC keys and ECDSA; the project's
 * CA library issues SM2 certificates only.
 */
public final class TlsTestPki {
    /** The user name in the client certificate's CN. */
    public static final String USER = "alice";

    private final Path caCert;
    private final Path serverCert;
    private final Path serverKey;
    private final Path clientCert;
    private final Path clientKey;
    private final Path caCrl;

    private TlsTestPki(Path dir) {
        this.caCert = dir.resolve("ca.pem");
        this.serverCert = dir.resolve("server.pem");
        this.serverKey = dir.resolve("server.key");
        this.clientCert = dir.resolve("user.pem");
        this.clientKey = dir.resolve("user.key");
        this.caCrl = dir.resolve("ca.crl.pem");
    }

    /** Issues the PKI into {@code dir} for a server reached at {@code serverAddress}. */
    public static TlsTestPki create(Path dir, String serverAddress) {
        TlsTestPki pki = new TlsTestPki(dir);
        try {
            Files.createDirectories(dir);
            SecureRandom random = new SecureRandom();
            KeyPair ca = newKey(random);
            KeyPair server = newKey(random);
            KeyPair client = newKey(random);
            X500Name caName = new X500Name("CN=gmgw topology test CA");
            X509CertificateHolder caHolder = issue(caName, ca, caName, ca, random, b -> {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            });
            X509CertificateHolder serverHolder = issue(new X500Name("CN=" + serverAddress), server, caName, ca, random,
                    b -> {
                        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                                new GeneralName(GeneralName.iPAddress, InetAddress.ofLiteral(serverAddress)
                                        .getHostAddress())));
                        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                        b.addExtension(Extension.extendedKeyUsage, false,
                                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    });
            X509CertificateHolder clientHolder = issue(new X500Name("CN=" + USER + ",OU=staff"), client, caName, ca,
                    random, b -> {
                        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                        b.addExtension(Extension.extendedKeyUsage, false,
                                new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                    });
            write(pki.caCert, "CERTIFICATE", caHolder.getEncoded());
            write(pki.serverCert, "CERTIFICATE", serverHolder.getEncoded());
            write(pki.serverKey, "PRIVATE KEY", pkcs8(server));
            write(pki.clientCert, "CERTIFICATE", clientHolder.getEncoded());
            write(pki.clientKey, "PRIVATE KEY", pkcs8(client));
            write(pki.caCrl, "X509 CRL", emptyCrl(caName, ca));
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test PKI to " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue the test PKI", e);
        }
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws IOException, GeneralSecurityException;
    }

    private static X509CertificateHolder issue(X500Name subject, KeyPair subjectKey, X500Name issuer,
            KeyPair issuerKey, SecureRandom random, Extensions extensions)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Instant now = Instant.now();
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).add(
                BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
                subject, subjectKey.getPublic());
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false,
                utils.createAuthorityKeyIdentifier(issuerKey.getPublic()));
        extensions.add(b);
        return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate()));
    }

    /** The CA's CRL, listing nothing: a gateway that checks revocation needs one for every trust anchor. */
    private static byte[] emptyCrl(X500Name caName, KeyPair ca) throws IOException, OperatorCreationException {
        Instant now = Instant.now();
        X509v2CRLBuilder crl = new X509v2CRLBuilder(caName, Date.from(now.minus(Duration.ofHours(1))));
        crl.setNextUpdate(Date.from(now.plus(Duration.ofDays(2))));
        crl.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
        return crl.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())).getEncoded();
    }

    private static KeyPair newKey(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    /**
     * PKCS#8 whose inner ECPrivateKey (RFC 5915) carries the public key too: GnuTLS refuses the JDK's encoding, which
     * leaves that optional field out ("ASN1 parser: Element was not found").
     */
    private static byte[] pkcs8(KeyPair pair) throws IOException {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
        BigInteger d = ((ECPrivateKey) pair.getPrivate()).getS();
        return new PrivateKeyInfo(spki.getAlgorithm(), new org.bouncycastle.asn1.sec.ECPrivateKey(256, d,
                spki.getPublicKeyData(), null)).getEncoded();
    }

    private static void write(Path file, String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter pem = new PemWriter(text)) {
            pem.writeObject(new PemObject(type, der));
        }
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
        if (type.endsWith("PRIVATE KEY")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** The root CA certificate (trust anchor of both sides). */
    public Path caCert() {
        return caCert;
    }

    public Path serverCert() {
        return serverCert;
    }

    public Path serverKey() {
        return serverKey;
    }

    /** The client certificate of {@link #USER}. */
    public Path clientCert() {
        return clientCert;
    }

    public Path clientKey() {
        return clientKey;
    }

    /** The CA's CRL (PEM), valid for two days, revoking nothing. */
    public Path caCrl() {
        return caCrl;
    }
}
