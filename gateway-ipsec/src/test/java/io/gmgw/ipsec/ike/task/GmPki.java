package io.gmgw.ipsec.ike.task;

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
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.ipsec.ike.config.EnvelopeCredentials;
import io.gmgw.ipsec.ike.config.Phase1Config;
import io.gmgw.ipsec.ike.config.Phase1Proposal;
import io.gmgw.ipsec.ike.config.RetransmitPolicy;
import io.gmgw.ipsec.profile.WireProfile;
import io.gmgw.ipsec.profile.WireProfiles;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A throw-away GM PKI made with gm-crypto's issuer for the envelope main mode: root → issuing CA → a GM/T 0015 double
 * certificate per gateway (signing: digitalSignature + nonRepudiation; encryption: keyEncipherment +
 * dataEncipherment + keyAgreement), software key handles, and the bad cases (expired, revoked, wrong usage, another
 * encryption key). The module's clock stands at {@link #ISSUED}; the exchanges run at {@link #T0}.
 */
final class GmPki {
    static final Instant ISSUED = Instant.parse("2030-06-01T00:00:00Z");
    static final Instant T0 = ISSUED.plus(Duration.ofDays(1));

    /** A gateway's double certificate and its keys. */
    record Party(String name, KeyHandle signingKey, Sm2Certificate signing, KeyHandle encryptionKey,
            Sm2Certificate encryption) {
    }

    final CryptoModule module;
    final Sm2Certificate root;
    final Sm2Certificate ca;
    private final KeyHandle caKey;
    private final CertificateIssuer issuer;
    private final Map<Sm2PublicKey, Sm2PrivateKey> privateKeys = new HashMap<>();
    private final String seed;

    GmPki(String seed) {
        this.seed = seed;
        module = module(seed, ISSUED.minus(Duration.ofDays(800)));
        KeyHandle rootKey = key("root");
        root = CertificateIssuer.selfSignedRoot(module, rootKey, new X500Name("CN=GM IPsec Test Root,O=gmgw test"),
                Duration.ofDays(3650));
        caKey = key("ca");
        ca = new CertificateIssuer(module, root, rootKey).intermediateCa(new X500Name(
                "CN=GM IPsec Test CA,O=gmgw test"), caKey.publicKey(), Duration.ofDays(1825));
        issuer = new CertificateIssuer(current(), ca, caKey);
    }

    /** The module whose clock stands at {@link #ISSUED}: certificates issued through it start then. */
    private CryptoModule current() {
        return module("current-" + seed, ISSUED);
    }

    static CryptoModule module(String seed, Instant now) {
        return CryptoModule.start(CryptoModule.Options.deterministic(seed.getBytes(StandardCharsets.UTF_8))
                .clock(Clock.fixed(now, ZoneOffset.UTC)));
    }

    KeyHandle key(String label) {
        Sm2KeyPair pair = module.sm2().generateKeyPair();
        privateKeys.put(pair.publicKey(), pair.privateKey());
        return new SoftwareKeyHandle(module, pair.privateKey(), List.of(), label);
    }

    /** The private key behind a handle this PKI made (for the OpenSSL cross-checks). */
    Sm2PrivateKey privateKey(KeyHandle h) {
        return privateKeys.get(h.publicKey());
    }

    Party party(String name) {
        return party(name, issuer, Duration.ofDays(365));
    }

    /** Keys and certificates made elsewhere (a token's), certified by this CA. */
    Party party(String name, KeyHandle sign, KeyHandle enc) {
        X500Name subject = subject(name);
        return new Party(name, sign, issuer.client(CertificateProfile.SIGNING, subject, sign.publicKey(),
                Duration.ofDays(365)), enc, issuer.client(CertificateProfile.ENCRYPTION, subject, enc.publicKey(),
                Duration.ofDays(365)));
    }

    private Party party(String name, CertificateIssuer by, Duration validity) {
        KeyHandle sign = key(name + "-sign");
        KeyHandle enc = key(name + "-enc");
        X500Name subject = subject(name);
        return new Party(name, sign, by.client(CertificateProfile.SIGNING, subject, sign.publicKey(), validity), enc,
                by.client(CertificateProfile.ENCRYPTION, subject, enc.publicKey(), validity));
    }

    /** A double certificate whose validity ended before {@link #T0} (issued 400 days before, for 365). */
    Party expired(String name) {
        CryptoModule past = module("expired-" + name, ISSUED.minus(Duration.ofDays(400)));
        return party(name, new CertificateIssuer(past, ca, caKey), Duration.ofDays(365));
    }

    /** A certificate for {@code p}'s encryption key that claims signing usage only. */
    Sm2Certificate signingUsageFor(Party p) {
        return issuer.client(CertificateProfile.SIGNING, subject(p.name()), p.encryptionKey().publicKey(),
                Duration.ofDays(365));
    }

    /** Another valid encryption certificate in {@code p}'s name, for a key {@code p} does not hold. */
    Sm2Certificate otherEncryptionCertificate(Party p) {
        return issuer.client(CertificateProfile.ENCRYPTION, subject(p.name()), key(p.name() + "-other").publicKey(),
                Duration.ofDays(365));
    }

    /** The issuing CA's CRL revoking {@code revoked}. */
    Sm2Crl crlRevoking(Sm2Certificate... revoked) {
        List<RevokedCertificate> entries = Arrays.stream(revoked).map(c -> RevokedCertificate.of(c, ISSUED,
                RevocationReason.KEY_COMPROMISE)).toList();
        return new CrlIssuer(current(), ca, caKey).issue(BigInteger.TWO, Duration.ofDays(30), entries);
    }

    CertificateVerifier verifier(Sm2Crl... crls) {
        return CertificateVerifier.builder(module).trustAnchor(root).intermediates(List.of(ca)).crls(List.of(crls))
                .revocationPolicy(RevocationPolicy.IF_PRESENT).build();
    }

    static X500Name subject(String name) {
        return new X500Name("CN=" + name + ",O=gmgw test");
    }

    static WireProfile profile() {
        return WireProfiles.builtIn().require("gm-2014");
    }

    /** The left (initiator) or right gateway's phase-1 configuration with {@code own}'s double certificate. */
    Phase1Config config(boolean left, Party own, CertificateVerifier peers) {
        return config(left, own, peers, profile());
    }

    Phase1Config config(boolean left, Party own, CertificateVerifier peers, WireProfile profile) {
        InetSocketAddress local = left ? TestPeers.LEFT : TestPeers.RIGHT;
        InetSocketAddress remote = left ? TestPeers.RIGHT : TestPeers.LEFT;
        return Phase1Config.envelope(profile, List.of(Phase1Proposal.sm4Sm3Sm2Envelope(3600)),
                new EnvelopeCredentials(own.signingKey(), own.signing(), own.encryptionKey(), own.encryption(), peers,
                        module), TestPeers.id(local), TestPeers.id(remote), local, remote, false,
                RetransmitPolicy.DEFAULT);
    }
}
