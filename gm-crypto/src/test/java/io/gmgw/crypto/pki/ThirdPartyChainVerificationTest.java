package io.gmgw.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.TlcpTranscripts;
import io.gmgw.crypto.Vectors;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.PrivateKeyPem;
import io.gmgw.crypto.key.SoftwareKeyHandle;
import io.gmgw.crypto.pki.ThirdPartyChains.Chain;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Chains written by GmSSL, Kona and gm-jsse, verified by gmgw. */
class ThirdPartyChainVerificationTest {
    private static final Instant VALID_AT = Instant.parse("2027-01-01T00:00:00Z");
    private static final Instant AFTER = Instant.parse("2028-01-01T00:00:00Z");
    private static final Instant BEFORE = Instant.parse("2026-01-01T00:00:00Z");

    private static final CryptoModule MODULE = TestModules.deterministic("third-party-chains");
    /** A root that issued none of these chains (built once: key generation is the slow part). */
    private static final TestPki OTHER = new TestPki("other-root");

    static Stream<Chain> chains() {
        return ThirdPartyChains.all().stream();
    }

    @Test
    void everyCertificateInTheVectorsLoads() {
        int count = 0;
        for (String file : List.of("root_cert.pem", "ca_cert.pem", "server_sign_cert.pem", "server_enc_cert.pem",
                "client_cert.pem", "client_enc_cert.pem")) {
            count += Sm2Certificate.fromPem(Vectors.text("gmssl-pki/" + file)).size();
        }
        for (String name : TlcpTranscripts.NAMES) {
            for (Map.Entry<String, String> e : TlcpTranscripts.pemFields(name).entrySet()) {
                if (e.getKey().endsWith("_cert_pem")) {
                    count += Sm2Certificate.fromPem(e.getValue()).size();
                }
            }
        }
        // 6 GmSSL files; 11 transcripts × (root, CA, server pair) + client certificates of the 4 mutual ones (1 + 3×2).
        assertEquals(6 + 11 * 4 + 7, count);
        assertEquals(4 + 11 * 2 + 7, ThirdPartyChains.all().size());
    }

    @ParameterizedTest
    @MethodSource("chains")
    void verifiesWithTheRootAsOnlyAnchor(Chain chain) {
        VerificationResult r = rootOnly(chain).verify(chain.leaf(), List.of(chain.ca()), VALID_AT, chain.purpose());
        VerificationResult.Valid v = assertInstanceOf(VerificationResult.Valid.class, r, () -> r.toString());
        assertEquals(List.of(chain.leaf(), chain.ca(), chain.root()), v.path());
    }

    @ParameterizedTest
    @MethodSource("chains")
    void verifiesWithTheIntermediateAsAnchor(Chain chain) {
        CertificateVerifier partial = CertificateVerifier.builder(MODULE).trustAnchor(chain.ca()).build();
        VerificationResult.Valid v = assertInstanceOf(VerificationResult.Valid.class,
                partial.verify(chain.leaf(), List.of(chain.ca()), VALID_AT, chain.purpose()));
        assertEquals(List.of(chain.leaf(), chain.ca()), v.path());
        // Not presented at all: the anchor itself is the issuer.
        assertTrue(partial.verify(chain.leaf(), List.of(), VALID_AT, chain.purpose()).isValid());
    }

    @ParameterizedTest
    @MethodSource("chains")
    void aChainPresentedInAnyOrderFindsItsLeaf(Chain chain) {
        CertificateVerifier v = rootOnly(chain);
        for (List<Sm2Certificate> order : List.of(List.of(chain.leaf(), chain.ca()), List.of(chain.ca(), chain.leaf()),
                List.of(chain.root(), chain.leaf(), chain.ca()))) {
            VerificationResult r = v.verifyChain(order, VALID_AT, chain.purpose());
            assertEquals(chain.leaf(), assertInstanceOf(VerificationResult.Valid.class, r).endEntity());
        }
    }

    @ParameterizedTest
    @MethodSource("chains")
    void failsWithTheRightReason(Chain chain) {
        CertificateVerifier v = rootOnly(chain);
        List<Sm2Certificate> presented = List.of(chain.ca());
        assertFailure(FailureReason.EXPIRED, chain.leaf(), v.verify(chain.leaf(), presented, AFTER, chain.purpose()));
        // Everything (root included) starts on 2026-11-21; the anchor is checked first.
        assertFailure(FailureReason.NOT_YET_VALID, chain.root(),
                v.verify(chain.leaf(), presented, BEFORE, chain.purpose()));
        CertificatePurpose other = chain.purpose() == CertificatePurpose.SIGNING ? CertificatePurpose.ENCRYPTION
                : CertificatePurpose.SIGNING;
        assertFailure(FailureReason.WRONG_KEY_USAGE, chain.leaf(), v.verify(chain.leaf(), presented, VALID_AT, other));
        assertFailure(FailureReason.NOT_A_CA, chain.leaf(),
                v.verify(chain.leaf(), presented, VALID_AT, CertificatePurpose.CA));
    }

    @ParameterizedTest
    @MethodSource("chains")
    void anotherRootIsAnUnknownCa(Chain chain) {
        CertificateVerifier v = CertificateVerifier.builder(MODULE).trustAnchor(OTHER.root).build();
        VerificationResult.Invalid r = assertFailure(FailureReason.UNKNOWN_CA, chain.ca(),
                v.verify(chain.leaf(), List.of(chain.ca()), VALID_AT, chain.purpose()));
        assertTrue(r.message().contains("Test Root CA"), r.message());
        // Presenting the untrusted root itself changes nothing.
        assertFailure(FailureReason.UNKNOWN_CA, chain.root(),
                v.verify(chain.leaf(), List.of(chain.ca(), chain.root()), VALID_AT, chain.purpose()));
    }

    @ParameterizedTest
    @MethodSource("chains")
    void oneFlippedBitInASignatureIsABadSignature(Chain chain) {
        CertificateVerifier v = rootOnly(chain);
        Sm2Certificate badLeaf = Crafted.flipBitNearEnd(chain.leaf(), 2);
        assertFailure(FailureReason.BAD_SIGNATURE, badLeaf,
                v.verify(badLeaf, List.of(chain.ca()), VALID_AT, chain.purpose()));
        Sm2Certificate badCa = Crafted.flipBitNearEnd(chain.ca(), 5);
        assertFailure(FailureReason.BAD_SIGNATURE, badCa,
                v.verify(chain.leaf(), List.of(badCa), VALID_AT, chain.purpose()));
    }

    @Test
    void aRootWithTheSameNameButAnotherKeyIsABadSignature() {
        Chain chain = ThirdPartyChains.all().get(0);
        CryptoModule m = TestPki.module("impostor", Instant.parse("2026-06-01T00:00:00Z"));
        Sm2Certificate impostor = CertificateIssuer.selfSignedRoot(m, TestPki.newKey(m, "impostor"),
                chain.root().subject(), Duration.ofDays(3650));
        CertificateVerifier v = CertificateVerifier.builder(MODULE).trustAnchor(impostor).build();
        assertFailure(FailureReason.BAD_SIGNATURE, chain.ca(), v.verify(chain.leaf(), List.of(chain.ca()),
                VALID_AT, chain.purpose()));
    }

    @Test
    void aLeafUsedAsAnIssuerIsNotACa() {
        Chain chain = ThirdPartyChains.all().get(0);
        KeyHandle leafKey = gmsslKey("server_sign_key.pem");
        Sm2Certificate underLeaf = Crafted.certificate(chain.leaf().subject(), "CN=under a leaf",
                TestPki.newKey(MODULE, "x").publicKey(), VALID_AT.minus(Duration.ofDays(1)), VALID_AT.plus(Duration.ofDays(1)))
                .keyUsage(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE)).signedBy(leafKey);
        CertificateVerifier v = rootOnly(chain);
        assertFailure(FailureReason.NOT_A_CA, chain.leaf(),
                v.verifyChain(List.of(chain.ca(), underLeaf, chain.leaf()), VALID_AT, CertificatePurpose.SIGNING));
    }

    @Test
    void aCaBelowThePathLenZeroCaMakesThePathTooLong() {
        Chain chain = ThirdPartyChains.all().get(0);
        KeyHandle caKey = gmsslKey("ca_key.pem");
        KeyHandle subKey = TestPki.newKey(MODULE, "sub");
        Instant from = VALID_AT.minus(Duration.ofDays(10));
        Instant to = VALID_AT.plus(Duration.ofDays(10));
        Sm2Certificate subCa = Crafted.certificate(chain.ca().subject(), "CN=Sub CA below pathLen 0",
                subKey.publicKey(), from, to).ca().signedBy(caKey);
        Sm2Certificate leaf = Crafted.certificate(subCa.subject(), "CN=too deep", TestPki.newKey(MODULE, "l").publicKey(),
                from, to).keyUsage(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE)).signedBy(subKey);

        VerificationResult.Invalid r = assertFailure(FailureReason.PATH_TOO_LONG, chain.ca(),
                rootOnly(chain).verify(leaf, List.of(subCa, chain.ca()), VALID_AT, CertificatePurpose.SIGNING));
        assertTrue(r.message().contains("pathLenConstraint"), r.message());
        // The anchor's own constraint counts too, as with OpenSSL's partial chains.
        assertFailure(FailureReason.PATH_TOO_LONG, chain.ca(), CertificateVerifier.builder(MODULE)
                .trustAnchor(chain.ca()).build().verify(leaf, List.of(subCa), VALID_AT, CertificatePurpose.SIGNING));
        // The sub-CA itself, checked as a CA, is fine: pathLen 0 allows it as the last CA.
        assertTrue(rootOnly(chain).verify(subCa, List.of(chain.ca()), VALID_AT, CertificatePurpose.CA).isValid());
    }

    @Test
    void theVerifierBoundsThePathLength() {
        Chain chain = ThirdPartyChains.all().get(0);
        CertificateVerifier two = CertificateVerifier.builder(MODULE).trustAnchor(chain.root()).maxPathLength(2).build();
        assertFailure(FailureReason.PATH_TOO_LONG, chain.leaf(),
                two.verify(chain.leaf(), List.of(chain.ca()), VALID_AT, chain.purpose()));
        CertificateVerifier three = two.toBuilder().maxPathLength(3).build();
        assertTrue(three.verify(chain.leaf(), List.of(chain.ca()), VALID_AT, chain.purpose()).isValid());
    }

    private CertificateVerifier rootOnly(Chain chain) {
        return CertificateVerifier.builder(MODULE).trustAnchor(chain.root()).build();
    }

    private KeyHandle gmsslKey(String file) {
        return new SoftwareKeyHandle(MODULE, PrivateKeyPem.read(MODULE, Vectors.text("gmssl-pki/" + file),
                PasswordSource.of("P@ssw0rd".toCharArray()), file), new ArrayList<>(), file);
    }

    static VerificationResult.Invalid assertFailure(FailureReason reason, Sm2Certificate concerned,
            VerificationResult result) {
        VerificationResult.Invalid invalid = assertInstanceOf(VerificationResult.Invalid.class, result,
                () -> "expected " + reason + ", got " + result);
        assertEquals(reason, invalid.reason(), invalid.message());
        assertEquals(concerned, invalid.certificate(), () -> invalid.message());
        assertTrue(invalid.message().contains(concerned.serialHex()), invalid.message());
        return invalid;
    }
}
