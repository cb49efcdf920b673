package io.gmgw.sslvpn.server;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A P-256 PKI for the TLS side, as PEM files: a CA with its (empty) CRL, the gateway's certificate for 127.0.0.1 and a
 * user {@code alice} in OU {@code staff}. Keys are written by Bouncy Castle's PKCS#8 encoder, which keeps the curve and
 * the public key inside the key (GnuTLS, under openconnect, refuses the JDK's encoding without them); the provider is
 * used here, never registered.
 */
final class EcTestPki {
    final Path caFile;
    final Path crlFile;
    final Path serverKey;
    final Path serverChain;
    final Path userCert;
    final Path userKey;

    EcTestPki(Path dir) throws Exception {
        Files.createDirectories(dir);
        KeyPair ca = pair();
        KeyPair server = pair();
        KeyPair user = pair();
        X500Name caName = new X500Name("CN=TLS Test CA,O=gmgw test");
        X509Certificate caCert = cert(caName, caName, ca.getPrivate(), ca.getPublic(), 1, true, null, null);
        X509Certificate serverCert = cert(caName, new X500Name("CN=127.0.0.1,O=gmgw test"), ca.getPrivate(),
                server.getPublic(), 2, false, KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate userCertificate = cert(caName, new X500Name("O=gmgw test,OU=staff,CN=alice"), ca.getPrivate(),
                user.getPublic(), 3, false, KeyPurposeId.id_kp_clientAuth, null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509v2CRLBuilder crl = new X509v2CRLBuilder(caName, Date.from(now.minus(1, ChronoUnit.HOURS)));
        crl.setNextUpdate(Date.from(now.plus(7, ChronoUnit.DAYS)));
        crl.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.ONE));
        caFile = pem(dir.resolve("tls-ca.pem"), caCert);
        crlFile = pem(dir.resolve("tls-ca.crl.pem"), new JcaX509CRLConverter().getCRL(
                crl.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate()))));
        serverKey = pem(dir.resolve("server.key.pem"), server.getPrivate());
        serverChain = pem(dir.resolve("server.chain.pem"), serverCert, caCert);
        userCert = pem(dir.resolve("alice.pem"), userCertificate);
        userKey = pem(dir.resolve("alice.key.pem"), user.getPrivate());
    }

    private static KeyPair pair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate cert(X500Name issuer, X500Name subject, PrivateKey signer, PublicKey key,
            long serial, boolean isCa, KeyPurposeId purpose, GeneralNames san) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(30, ChronoUnit.DAYS)), subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (purpose != null) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (san != null) {
            b.addExtension(Extension.subjectAlternativeName, false, san);
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static Path pem(Path file, Object... objects) throws Exception {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            for (Object o : objects) {
                w.writeObject(o instanceof PrivateKey k ? new JcaPKCS8Generator(k, null) : o);
            }
        }
        return Files.writeString(file, s.toString());
    }
}
