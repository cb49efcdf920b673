package io.gmgw.acl;

import io.gmgw.acl.sign.AclSignerPolicy;
import io.gmgw.acl.sign.SignedAclGuard;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.ModuleState;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.PrivateKeyPem;
import io.gmgw.crypto.key.SoftwareKeyHandle;
import io.gmgw.crypto.pki.CertificateIssuer;
import io.gmgw.crypto.pki.CertificateProfile;
import io.gmgw.crypto.pki.CrlIssuer;
import io.gmgw.crypto.pki.DistinguishedNames;
import io.gmgw.crypto.pki.ExtendedKeyUsages;
import io.gmgw.crypto.pki.RevocationReason;
import io.gmgw.crypto.pki.RevokedCertificate;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * A PKI for ACL signing tests, issued at {@link #ISSUED_AT} with a stopped clock: root → issuing CA → ACL signers,
 * each with the ACL-signing extended key usage: {@code signer} (valid a year), {@code expired} (valid one day),
 * {@code revoked} (on the CA's CRL), and {@code stranger}, issued by another root; and two that are no ACL signers:
 * {@code plain}, a signing certificate without that purpose (a VPN user's), and {@code encryption}, the encryption
 * half of a pair (keyEncipherment, no signing). The root's CRL ({@code rootCrl}) and the CA's ({@code crl}) are
 * current. {@link #writeTo} puts PEM files in a folder for CLI tests: root.pem, ca.pem, ca.crl.pem, root.crl.pem,
 * other-root.pem, and NAME.key.pem / NAME.chain.pem (leaf, CA) for each signer.
 */
public final class AclTestPki {
    public static final Instant ISSUED_AT = Instant.parse("2030-06-01T00:00:00Z");
    /** When every certificate but {@code expired} is valid. */
    public static final Instant DURING = ISSUED_AT.plus(Duration.ofDays(30));

    public final CryptoModule module;
    public final Sm2Certificate root;
    public final Sm2Certificate ca;
    public final Sm2Certificate otherRoot;
    public final Signer signer;
    public final Signer expired;
    public final Signer revoked;
    public final Signer stranger;
    public final Signer plain;
    public final Signer encryption;
    public final Sm2Crl crl;
    public final Sm2Crl rootCrl;
    private final KeyHandle caKey;

    /** A signing key with its chain (leaf first). */
    public record Signer(String name, Sm2PrivateKey privateKey, KeyHandle key, List<Sm2Certificate> chain) {
    }

    public AclTestPki(String seed) {
        module = module(seed, ISSUED_AT);
        KeyHandle rootKey = newKey(module, "root");
        root = CertificateIssuer.selfSignedRoot(module, rootKey, DistinguishedNames.parse("CN=ACL Test Root, O=gmgw, "
                + "C=CN"), Duration.ofDays(3650));
        caKey = newKey(module, "ca");
        CertificateIssuer rootIssuer = new CertificateIssuer(module, root, rootKey);
        ca = rootIssuer.intermediateCa(DistinguishedNames.parse("CN=ACL Test Issuing CA, O=gmgw, C=CN"),
                caKey.publicKey(), Duration.ofDays(1825));
        CertificateIssuer caIssuer = new CertificateIssuer(module, ca, caKey);
        signer = signer(module, caIssuer, "signer", Duration.ofDays(365));
        expired = signer(module, caIssuer, "expired", Duration.ofDays(1));
        revoked = signer(module, caIssuer, "revoked", Duration.ofDays(365));
        KeyHandle otherKey = newKey(module, "other-root");
        otherRoot = CertificateIssuer.selfSignedRoot(module, otherKey, DistinguishedNames.parse("CN=Other Root, C=CN"),
                Duration.ofDays(3650));
        stranger = signer(module, new CertificateIssuer(module, otherRoot, otherKey), "stranger", Duration.ofDays(365));
        crl = new CrlIssuer(module, ca, caKey).issue(BigInteger.ONE, Duration.ofDays(3650),
                List.of(RevokedCertificate.of(revoked.chain().get(0), ISSUED_AT, RevocationReason.KEY_COMPROMISE)));
        plain = signer(module, caIssuer, "plain", Duration.ofDays(365), CertificateProfile.SIGNING, List.of());
        encryption = signer(module, caIssuer, "encryption", Duration.ofDays(365), CertificateProfile.ENCRYPTION,
                List.of(ExtendedKeyUsages.ACL_SIGNING));
        rootCrl = new CrlIssuer(module, root, rootKey).issue(BigInteger.ONE, Duration.ofDays(3650), List.of());
    }

    /** A CRL of the issuing CA (revoking {@code revoked}) issued now and due again after {@code nextUpdateIn}. */
    public Sm2Crl caCrl(Duration nextUpdateIn) {
        return new CrlIssuer(module, ca, caKey).issue(BigInteger.TWO, nextUpdateIn, crl.revoked());
    }

    /** A guard as the gateway configures it: the root as anchor, both CRLs, the ACL-signing purpose required. */
    public SignedAclGuard.Builder guard(CryptoModule now) {
        return SignedAclGuard.builder(now).trustAnchors(List.of(root)).crls(List.of(crl, rootCrl))
                .signerPolicy(AclSignerPolicy.aclSigningExtendedKeyUsage());
    }

    private static Signer signer(CryptoModule module, CertificateIssuer issuer, String name, Duration validity) {
        return signer(module, issuer, name, validity, CertificateProfile.SIGNING,
                List.of(ExtendedKeyUsages.ACL_SIGNING));
    }

    private static Signer signer(CryptoModule module, CertificateIssuer issuer, String name, Duration validity,
            CertificateProfile profile, List<ASN1ObjectIdentifier> purposes) {
        Sm2PrivateKey priv = module.sm2().generateKeyPair().privateKey();
        Sm2Certificate leaf = issuer.issue(profile, DistinguishedNames.parse("CN=ACL " + name + ", O=gmgw, C=CN"),
                priv.publicKey(), List.of(), validity, purposes);
        List<Sm2Certificate> chain = List.of(leaf, issuer.caCertificate());
        return new Signer(name, priv, new SoftwareKeyHandle(module, priv, chain, name), chain);
    }

    private static KeyHandle newKey(CryptoModule module, String name) {
        return new SoftwareKeyHandle(module, module.sm2().generateKeyPair().privateKey(), List.of(), name);
    }

    /** An approved module with a seeded DRBG and a clock stopped at {@code now}. */
    public static CryptoModule module(String seed, Instant now) {
        CryptoModule m = CryptoModule.start(CryptoModule.Options.deterministic(seed.getBytes(StandardCharsets.UTF_8))
                .clock(Clock.fixed(now, ZoneOffset.UTC)));
        if (m.state() != ModuleState.APPROVED) {
            throw new AssertionError("test module did not pass its self-tests: " + m.status());
        }
        return m;
    }

    /** Writes the PKI's PEM files (see the class comment) into {@code dir}; returns {@code dir}. */
    public Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("root.pem"), root.toPem());
        Files.writeString(dir.resolve("ca.pem"), ca.toPem());
        Files.writeString(dir.resolve("ca.crl.pem"), crl.toPem());
        Files.writeString(dir.resolve("root.crl.pem"), rootCrl.toPem());
        Files.writeString(dir.resolve("other-root.pem"), otherRoot.toPem());
        for (Signer s : List.of(signer, expired, revoked, stranger, plain, encryption)) {
            Files.writeString(dir.resolve(s.name() + ".key.pem"), PrivateKeyPem.write(s.privateKey()));
            Files.writeString(dir.resolve(s.name() + ".chain.pem"), s.chain().get(0).toPem()
                    + s.chain().get(1).toPem());
        }
        return dir;
    }
}
