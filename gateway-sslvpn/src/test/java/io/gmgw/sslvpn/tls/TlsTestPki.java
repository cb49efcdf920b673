package io.gmgw.sslvpn.tls;

import io.gmgw.crypto.pki.RevocationPolicy;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.net.Socket;
import java.security.Principal;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small PKI for the TLS tests, made at test time: a CA (EC P-256), server certificates with ECDSA P-256 or RSA
 * 2048 keys for "localhost", client certificates, and CRLs. Keys come from the JDK; certificates are signed through a
 * private Bouncy Castle provider instance (nothing is registered process-wide).
 */
public final class TlsTestPki {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(1000);
    public static final Instant NOW = Instant.now();

    public final KeyPair caKey;
    public final X509Certificate ca;
    final String name;

    public record Pair(PrivateKey key, X509Certificate certificate, List<X509Certificate> chain) {
    }

    public TlsTestPki(String name) throws Exception {
        this.name = name;
        this.caKey = ec();
        X500Name subject = new X500Name("CN=" + name + " TLS CA,O=gmgw test");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), from(), to(), subject,
                caKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.ca = sign(b, caKey.getPrivate());
    }

    public static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    public static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date from() {
        return Date.from(NOW.minus(Duration.ofDays(1)));
    }

    private static Date to() {
        return Date.from(NOW.plus(Duration.ofDays(365)));
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey issuerKey) throws Exception {
        String alg = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(alg).setProvider(BC).build(issuerKey)));
    }

    public Pair server(KeyPair key) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), from(), to(),
                new X500Name("CN=localhost,O=gmgw test"), key.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                | (key.getPublic().getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment : 0)));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        X509Certificate cert = sign(b, caKey.getPrivate());
        return new Pair(key.getPrivate(), cert, List.of(cert, ca));
    }

    public Pair client(String user, KeyPurposeId purpose, Instant notAfter) throws Exception {
        KeyPair key = ec();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), from(), Date.from(notAfter),
                new X500Name("CN=" + user + ",OU=staff,O=gmgw test"), key.getPublic());
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        X509Certificate cert = sign(b, caKey.getPrivate());
        return new Pair(key.getPrivate(), cert, List.of(cert, ca));
    }

    public Pair client(String user) throws Exception {
        return client(user, KeyPurposeId.id_kp_clientAuth, NOW.plus(Duration.ofDays(30)));
    }

    /** A CRL of this CA revoking {@code revoked}, current at {@link #NOW}. */
    public X509CRL crl(X509Certificate... revoked) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                Date.from(NOW.minus(Duration.ofHours(1))));
        b.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(7))));
        for (X509Certificate c : revoked) {
            b.addCRLEntry(c.getSerialNumber(), Date.from(NOW.minus(Duration.ofMinutes(30))),
                    CRLReason.keyCompromise);
        }
        return new JcaX509CRLConverter().getCRL(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(caKey.getPrivate())));
    }

    /**
     * A CRL of this CA, current at {@link #NOW}, revoking nothing, that carries {@code oid} (not marked critical, as
     * a careless CA might): read as a complete CRL it would say every certificate is good.
     */
    public X509CRL crlWith(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, org.bouncycastle.asn1.ASN1Encodable value)
            throws Exception {
        return crlWith(caKey.getPrivate(), ca, oid, value);
    }

    /** As {@link #crlWith(org.bouncycastle.asn1.ASN1ObjectIdentifier, org.bouncycastle.asn1.ASN1Encodable)}, of {@code issuer}. */
    static X509CRL crlWith(PrivateKey issuerKey, X509Certificate issuer, org.bouncycastle.asn1.ASN1ObjectIdentifier oid,
            org.bouncycastle.asn1.ASN1Encodable value) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                Date.from(NOW.minus(Duration.ofHours(1))));
        b.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(7))));
        if (oid != null) {
            b.addExtension(oid, false, value);
        }
        return new JcaX509CRLConverter().getCRL(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(issuerKey)));
    }

    /** A client certificate of {@code user} issued by {@code issuer} (an EC key), for tests with another CA. */
    static Pair client(String user, X509Certificate issuer, PrivateKey issuerKey) throws Exception {
        KeyPair key = ec();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial(), from(), to(),
                new X500Name("CN=" + user + ",OU=staff,O=gmgw test"), key.getPublic());
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        X509Certificate cert = sign(b, issuerKey);
        return new Pair(key.getPrivate(), cert, List.of(cert, issuer));
    }

    /** A self-signed CA certificate with {@code keyUsage} bits (BC's KeyUsage constants). */
    static X509Certificate selfSignedCa(String cn, KeyPair key, int keyUsage) throws Exception {
        X500Name subject = new X500Name("CN=" + cn + ",O=gmgw test");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), from(), to(), subject,
                key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        return sign(b, key.getPrivate());
    }

    public ClientCertificateVerifier verifier(X509CRL... crls) {
        return new ClientCertificateVerifier(List.of(ca), List.of(crls), RevocationPolicy.REQUIRE,
                Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    }

    /** A JDK (SunJSSE) client context: an independent TLS implementation, trusting this CA, with {@code client}. */
    public SSLContext jdkClientContext(Pair client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        KeyManager[] kms = client == null ? null : new KeyManager[] {new OfferAlways(client)};
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kms, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    /**
     * Offers the client's certificate whatever CAs the server names, as a misconfigured or hostile client would: the
     * JDK's own key manager would send nothing for a certificate from a CA the server did not list.
     */
    private static final class OfferAlways extends X509ExtendedKeyManager {
        private final Pair pair;

        OfferAlways(Pair pair) {
            this.pair = pair;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"me"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "me";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "me";
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return pair.chain().toArray(new X509Certificate[0]);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return pair.key();
        }
    }
}
