package io.gmgw.sslvpn.tlcp;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.SoftwareKeyHandle;
import io.gmgw.crypto.pki.CertificateIssuer;
import io.gmgw.crypto.pki.CertificateProfile;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.CrlIssuer;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.RevocationReason;
import io.gmgw.crypto.pki.RevokedCertificate;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.crypto.sm2.Sm2KeyPair;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A throw-away TLCP PKI made at test time: root → issuing CA → server and client double certificates, plus the bad
 * cases the negative tests need (expired, revoked, unknown CA, swapped key usage).
 */
public final class TestPki {
    public final CryptoModule module;
    public final Sm2Certificate root;
    public final Sm2Certificate ca;
    private final KeyHandle caKey;
    private final KeyHandle rootKey;
    /** Empty CRLs of the root and the issuing CA, issued with the CAs (three years back), valid for ten years. */
    public final Sm2Crl rootCrl;
    public final Sm2Crl caCrl;
    private final CertificateIssuer issuer;
    private final java.util.Map<io.gmgw.crypto.sm2.Sm2PublicKey, io.gmgw.crypto.sm2.Sm2PrivateKey> privateKeys =
            new java.util.HashMap<>();

    public TestPki(CryptoModule module) {
        this(module, "Test");
    }

    public TestPki(CryptoModule module, String name) {
        this.module = module;
        // The CAs date from three years back, so that they can also issue the certificates expired() backdates.
        CryptoModule past = CryptoModule.start(CryptoModule.Options.deterministic(("pki-" + name).getBytes())
                .clock(Clock.fixed(module.clock().instant().minus(Duration.ofDays(3 * 365)), ZoneOffset.UTC)));
        this.rootKey = key("root");
        this.root = CertificateIssuer.selfSignedRoot(past, rootKey, new X500Name("CN=" + name + " Root CA,O=gmgw test"),
                Duration.ofDays(3650));
        this.caKey = key("ca");
        Sm2Certificate caCert = new CertificateIssuer(past, root, rootKey).intermediateCa(
                new X500Name("CN=" + name + " TLCP CA,O=gmgw test"), caKey.publicKey(), Duration.ofDays(1825));
        this.ca = caCert;
        this.issuer = new CertificateIssuer(module, ca, caKey);
        // Signed through handles on the past module: the test module's random stream (which recorded conversations
        // replay) stays as it was before the PKI had CRLs.
        this.rootCrl = new CrlIssuer(past, root, onModule(past, rootKey)).issue(BigInteger.ONE, Duration.ofDays(3650),
                List.of());
        this.caCrl = new CrlIssuer(past, ca, onModule(past, caKey)).issue(BigInteger.ONE, Duration.ofDays(3650),
                List.of());
    }

    private KeyHandle onModule(CryptoModule m, KeyHandle handle) {
        return new SoftwareKeyHandle(m, privateKeys.get(handle.publicKey()), List.of(), handle.description());
    }

    public KeyHandle key(String label) {
        Sm2KeyPair pair = module.sm2().generateKeyPair();
        privateKeys.put(pair.publicKey(), pair.privateKey());
        return new SoftwareKeyHandle(module, pair.privateKey(), List.of(), label);
    }

    /**
     * The same certificates and keys, with key handles that draw their randomness from {@code other}: with a
     * deterministic module every signature comes out the same, so recorded flights can be replayed.
     */
    public TlcpCredentials rebind(TlcpCredentials c, CryptoModule other) {
        KeyHandle sign = new SoftwareKeyHandle(other, privateKeys.get(c.signingKey().publicKey()), List.of(),
                c.signingKey().description());
        KeyHandle enc = c.encryptionKey() == null ? null : new SoftwareKeyHandle(other,
                privateKeys.get(c.encryptionKey().publicKey()), List.of(), c.encryptionKey().description());
        return new TlcpCredentials(sign, c.signingCertificate(), enc, c.encryptionCertificate(), c.chain());
    }

    /** A server double certificate for {@code host}. */
    public TlcpCredentials server(String host) {
        KeyHandle sign = key("server-sign");
        KeyHandle enc = key("server-enc");
        Sm2Certificate signCert = issuer.issue(CertificateProfile.SIGNING, new X500Name("CN=" + host + ",O=gmgw test"),
                sign.publicKey(), List.of(host), Duration.ofDays(365));
        Sm2Certificate encCert = issuer.issue(CertificateProfile.ENCRYPTION, new X500Name("CN=" + host + ",O=gmgw test"),
                enc.publicKey(), List.of(host), Duration.ofDays(365));
        return new TlcpCredentials(sign, signCert, enc, encCert, List.of(ca));
    }

    /** A client double certificate for {@code user}. */
    public TlcpCredentials client(String user) {
        KeyHandle sign = key("client-sign");
        KeyHandle enc = key("client-enc");
        Sm2Certificate signCert = issuer.issue(CertificateProfile.SIGNING, new X500Name("CN=" + user + ",O=gmgw test"),
                sign.publicKey(), List.of(), Duration.ofDays(365));
        Sm2Certificate encCert = issuer.issue(CertificateProfile.ENCRYPTION, new X500Name("CN=" + user + ",O=gmgw test"),
                enc.publicKey(), List.of(), Duration.ofDays(365));
        return new TlcpCredentials(sign, signCert, enc, encCert, List.of(ca));
    }

    /** Credentials whose certificates expired a year ago (issued by a CA key under a clock two years back). */
    public TlcpCredentials expired(String name, boolean server) {
        Instant past = module.clock().instant().minus(Duration.ofDays(730));
        CryptoModule old = CryptoModule.start(CryptoModule.Options.deterministic(("expired-" + name).getBytes())
                .clock(Clock.fixed(past, ZoneOffset.UTC)));
        CertificateIssuer oldIssuer = new CertificateIssuer(old, ca, caKey);
        KeyHandle sign = key(name + "-sign");
        KeyHandle enc = key(name + "-enc");
        List<String> hosts = server ? List.of(name) : List.of();
        Sm2Certificate signCert = oldIssuer.issue(CertificateProfile.SIGNING, new X500Name("CN=" + name),
                sign.publicKey(), hosts, Duration.ofDays(365));
        Sm2Certificate encCert = oldIssuer.issue(CertificateProfile.ENCRYPTION, new X500Name("CN=" + name),
                enc.publicKey(), hosts, Duration.ofDays(365));
        return new TlcpCredentials(sign, signCert, enc, encCert, List.of(ca));
    }

    /** A CRL of the issuing CA revoking the given certificates (number 2, after {@link #caCrl}). */
    public Sm2Crl crlRevoking(Sm2Certificate... revoked) {
        List<RevokedCertificate> entries = java.util.Arrays.stream(revoked).map(c -> RevokedCertificate.of(c,
                module.clock().instant().minusSeconds(60), RevocationReason.KEY_COMPROMISE)).toList();
        return new CrlIssuer(module, ca, caKey).issue(BigInteger.TWO, Duration.ofDays(7), entries);
    }

    /**
     * A verifier trusting this PKI's root that requires revocation checking, with both CAs' empty CRLs: what a server
     * asking for client certificates must have (TlcpConfig fails closed without it).
     */
    public CertificateVerifier verifier() {
        return verifier(caCrl);
    }

    /** As {@link #verifier()}, with {@code crl} as the issuing CA's CRL. */
    public CertificateVerifier verifier(Sm2Crl crl) {
        return CertificateVerifier.builder(module).trustAnchor(root).crls(List.of(rootCrl, crl))
                .revocationPolicy(RevocationPolicy.REQUIRE).build();
    }
}
