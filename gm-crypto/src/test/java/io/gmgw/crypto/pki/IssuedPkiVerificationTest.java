package io.gmgw.crypto.pki;

import static io.gmgw.crypto.pki.ThirdPartyChainVerificationTest.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Hierarchies issued by gmgw itself, verified by gmgw, and the rules the GmSSL chains cannot exercise. */
class IssuedPkiVerificationTest {
    private static final TestPki PKI = new TestPki("issued-pki");
    private static final Instant AT = TestPki.during();
    private final CertificateVerifier verifier = CertificateVerifier.builder(PKI.module).trustAnchor(PKI.root).build();

    @Test
    void theIssuedHierarchyVerifiesForEachPurpose() {
        assertPath(verifier.verify(PKI.serverSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING), PKI.serverSign);
        assertPath(verifier.verify(PKI.serverEnc, List.of(PKI.ca), AT, CertificatePurpose.ENCRYPTION), PKI.serverEnc);
        assertPath(verifier.verify(PKI.clientSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING), PKI.clientSign);
        assertPath(verifier.verify(PKI.clientEnc, List.of(PKI.ca), AT, CertificatePurpose.ENCRYPTION), PKI.clientEnc);
        assertTrue(verifier.verify(PKI.ca, List.of(), AT, CertificatePurpose.CA).isValid());
        assertEquals(List.of(PKI.root), verifier.verify(PKI.root, List.of(), AT, CertificatePurpose.CA).pathOrThrow());
        assertTrue(verifier.verify(PKI.serverEnc, List.of(PKI.ca), AT, CertificatePurpose.ANY).isValid());
    }

    @Test
    void aTlcpStyleChainWithBothCertificatesOfThePairFindsTheRightLeaf() {
        for (List<Sm2Certificate> presented : List.of(List.of(PKI.serverSign, PKI.serverEnc, PKI.ca),
                List.of(PKI.serverEnc, PKI.serverSign, PKI.ca), List.of(PKI.ca, PKI.serverEnc, PKI.serverSign))) {
            assertEquals(PKI.serverSign, ((VerificationResult.Valid) verifier.verifyChain(presented, AT,
                    CertificatePurpose.SIGNING)).endEntity());
            assertEquals(PKI.serverEnc, ((VerificationResult.Valid) verifier.verifyChain(presented, AT,
                    CertificatePurpose.ENCRYPTION)).endEntity());
            VerificationResult any = verifier.verifyChain(presented, AT, CertificatePurpose.ANY);
            assertEquals(FailureReason.MALFORMED, ((VerificationResult.Invalid) any).reason(), "two leaves, no way to choose");
        }
    }

    @Test
    void configuredIntermediatesCompleteAChainThePeerDidNotSend() {
        CertificateVerifier withChain = verifier.toBuilder().intermediates(List.of(PKI.ca)).build();
        assertTrue(withChain.verify(PKI.clientSign, List.of(), AT, CertificatePurpose.SIGNING).isValid());
        // Without an instant, the module's (here fixed) clock decides.
        assertTrue(withChain.verify(PKI.clientSign, CertificatePurpose.SIGNING).isValid());
        CryptoModule muchLater = TestPki.module("issued-pki-later", AT.plus(Duration.ofDays(4000)));
        assertEquals(FailureReason.EXPIRED, ((VerificationResult.Invalid) CertificateVerifier.builder(muchLater)
                .trustAnchor(PKI.root).intermediates(List.of(PKI.ca)).build()
                .verify(PKI.clientSign, CertificatePurpose.SIGNING)).reason());
        assertFailure(FailureReason.UNKNOWN_CA, PKI.clientSign,
                verifier.verify(PKI.clientSign, List.of(), AT, CertificatePurpose.SIGNING));
    }

    @Test
    void aCertificateSignedWithAnotherUserIdVerifiesOnlyWhenThatIdIsConfigured() {
        byte[] id = "gmgw-test-ca".getBytes(StandardCharsets.US_ASCII);
        Sm2Certificate leaf = Crafted.certificate(PKI.ca.subject(), "CN=odd id", PKI.clientSignKey.publicKey(),
                TestPki.ISSUED_AT, TestPki.ISSUED_AT.plus(TestPki.LEAF_VALIDITY))
                .keyUsage(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE)).signedBy(new Sm2ContentSigner(PKI.caKey, id));
        VerificationResult.Invalid bad = assertFailure(FailureReason.BAD_SIGNATURE, leaf,
                verifier.verify(leaf, List.of(PKI.ca), AT, CertificatePurpose.SIGNING));
        assertTrue(bad.message().contains("\"1234567812345678\""), bad.message());

        assertTrue(verifier.toBuilder().userIdForIssuer(PKI.ca, id).build()
                .verify(leaf, List.of(PKI.ca), AT, CertificatePurpose.SIGNING).isValid());
        assertTrue(verifier.toBuilder().userIdForCertificate(leaf, id).build()
                .verify(leaf, List.of(PKI.ca), AT, CertificatePurpose.SIGNING).isValid());
        // The issuer's ID does not leak to the certificates it did not sign with it.
        assertFailure(FailureReason.BAD_SIGNATURE, PKI.ca, verifier.toBuilder().userIdForIssuer(PKI.root, id).build()
                .verify(leaf, List.of(PKI.ca), AT, CertificatePurpose.SIGNING));
    }

    @Test
    void anUnknownCriticalExtensionIsRefusedAndAKnownOneIsNot() {
        CertificatePolicies policies = new CertificatePolicies(new PolicyInformation(
                new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.156.10197.99.1")));
        Sm2Certificate critical = leaf("CN=critical policy").extension(Extension.certificatePolicies, true, policies)
                .signedBy(PKI.caKey);
        assertFailure(FailureReason.UNSUPPORTED_CRITICAL_EXTENSION, critical,
                verifier.verify(critical, List.of(PKI.ca), AT, CertificatePurpose.SIGNING));
        Sm2Certificate nonCritical = leaf("CN=policy").extension(Extension.certificatePolicies, false, policies)
                .signedBy(PKI.caKey);
        assertTrue(verifier.verify(nonCritical, List.of(PKI.ca), AT, CertificatePurpose.SIGNING).isValid());
    }

    @Test
    void anotherSignatureAlgorithmIsUnsupported() {
        Sm2ContentSigner sm2 = new Sm2ContentSigner(PKI.caKey);
        ContentSigner mislabelled = new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            }

            @Override
            public java.io.OutputStream getOutputStream() {
                return sm2.getOutputStream();
            }

            @Override
            public byte[] getSignature() {
                return sm2.getSignature();
            }
        };
        Sm2Certificate c = leaf("CN=ecdsa label").signedBy(mislabelled);
        assertFailure(FailureReason.UNSUPPORTED_ALGORITHM, c,
                verifier.verify(c, List.of(PKI.ca), AT, CertificatePurpose.SIGNING));
    }

    @Test
    void aLeafWithoutKeyUsageServesNoDoubleCertificatePurposeButAny() {
        Sm2Certificate c = Crafted.certificate(PKI.ca.subject(), "CN=no ku", PKI.clientSignKey.publicKey(),
                TestPki.ISSUED_AT, TestPki.ISSUED_AT.plus(TestPki.LEAF_VALIDITY)).signedBy(PKI.caKey);
        VerificationResult.Invalid r = assertFailure(FailureReason.WRONG_KEY_USAGE, c,
                verifier.verify(c, List.of(PKI.ca), AT, CertificatePurpose.SIGNING));
        assertTrue(r.message().contains("no keyUsage"), r.message());
        assertFailure(FailureReason.WRONG_KEY_USAGE, c, verifier.verify(c, List.of(PKI.ca), AT, CertificatePurpose.ENCRYPTION));
        assertTrue(verifier.verify(c, List.of(PKI.ca), AT, CertificatePurpose.ANY).isValid());
    }

    @Test
    void aRequiredExtendedKeyUsageMustBeNamedByTheEndEntity() {
        Sm2Certificate acl = PKI.caIssuer.issue(CertificateProfile.SIGNING, DistinguishedNames.parse("CN=acl"),
                PKI.clientSignKey.publicKey(), List.of(), TestPki.LEAF_VALIDITY,
                List.of(ExtendedKeyUsages.ACL_SIGNING));
        Sm2Certificate any = PKI.caIssuer.issue(CertificateProfile.SIGNING, DistinguishedNames.parse("CN=any"),
                PKI.clientSignKey.publicKey(), List.of(), TestPki.LEAF_VALIDITY, List.of(ExtendedKeyUsages.ANY));
        assertPath(verifier.verify(acl, List.of(PKI.ca), AT, CertificatePurpose.SIGNING, ExtendedKeyUsages.ACL_SIGNING),
                acl);
        VerificationResult.Invalid none = assertFailure(FailureReason.WRONG_KEY_USAGE, PKI.clientSign, verifier.verify(
                PKI.clientSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING, ExtendedKeyUsages.ACL_SIGNING));
        assertTrue(none.message().contains("no extendedKeyUsage extension"), none.message());
        VerificationResult.Invalid anyOnly = assertFailure(FailureReason.WRONG_KEY_USAGE, any, verifier.verify(any,
                List.of(PKI.ca), AT, CertificatePurpose.SIGNING, ExtendedKeyUsages.ACL_SIGNING));
        assertTrue(anyOnly.message().contains("anyExtendedKeyUsage"), anyOnly.message());
        // Key usage still comes first, and without a required purpose the extension restricts nothing here.
        assertFailure(FailureReason.WRONG_KEY_USAGE, PKI.clientEnc, verifier.verify(PKI.clientEnc, List.of(PKI.ca), AT,
                CertificatePurpose.SIGNING, ExtendedKeyUsages.ACL_SIGNING));
        assertPath(verifier.verify(acl, List.of(PKI.ca), AT, CertificatePurpose.SIGNING), acl);
    }

    @Test
    void aCaWithoutKeyCertSignCannotIssue() {
        KeyHandle key = TestPki.newKey(PKI.module, "crl-only CA");
        Sm2Certificate crlOnly = Crafted.certificate(PKI.root.subject(), "CN=CRL only CA", key.publicKey(),
                TestPki.ISSUED_AT, TestPki.ISSUED_AT.plus(TestPki.CA_VALIDITY))
                .extension(Extension.basicConstraints, true, new org.bouncycastle.asn1.x509.BasicConstraints(true))
                .keyUsage(EnumSet.of(KeyUsage.CRL_SIGN)).signedBy(PKI.rootKey);
        Sm2Certificate c = Crafted.certificate(crlOnly.subject(), "CN=x", PKI.clientSignKey.publicKey(),
                TestPki.ISSUED_AT, TestPki.ISSUED_AT.plus(TestPki.LEAF_VALIDITY))
                .keyUsage(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE)).signedBy(key);
        VerificationResult.Invalid r = assertFailure(FailureReason.WRONG_KEY_USAGE, crlOnly,
                verifier.verify(c, List.of(crlOnly), AT, CertificatePurpose.SIGNING));
        assertTrue(r.message().contains("keyCertSign"), r.message());
        assertFailure(FailureReason.WRONG_KEY_USAGE, crlOnly,
                verifier.verify(crlOnly, List.of(), AT, CertificatePurpose.CA));
    }

    @Test
    void crossCertificatesInALoopEndQuicklyAsUnknownCa() {
        KeyHandle a = TestPki.newKey(PKI.module, "a");
        KeyHandle b = TestPki.newKey(PKI.module, "b");
        Instant from = TestPki.ISSUED_AT;
        Instant to = from.plus(TestPki.CA_VALIDITY);
        Sm2Certificate aByB = Crafted.certificate(DistinguishedNames.parse("CN=B"), "CN=A", a.publicKey(), from, to)
                .ca().signedBy(b);
        Sm2Certificate bByA = Crafted.certificate(DistinguishedNames.parse("CN=A"), "CN=B", b.publicKey(), from, to)
                .ca().signedBy(a);
        Sm2Certificate leaf = Crafted.certificate(DistinguishedNames.parse("CN=A"), "CN=leaf",
                PKI.clientSignKey.publicKey(), from, to).keyUsage(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE)).signedBy(a);
        VerificationResult.Invalid r = assertInstanceOf(VerificationResult.Invalid.class,
                verifier.verify(leaf, List.of(aByB, bByA), AT, CertificatePurpose.SIGNING));
        assertEquals(FailureReason.UNKNOWN_CA, r.reason(), r.message());
        VerificationResult.Invalid loop = assertInstanceOf(VerificationResult.Invalid.class,
                verifier.verifyChain(List.of(aByB, bByA), AT, CertificatePurpose.CA));
        assertEquals(FailureReason.MALFORMED, loop.reason());
        assertTrue(loop.message().contains("loop"), loop.message());
    }

    @Test
    void manySameNamedCasStopTheSearchAtItsBudget() {
        // Seven self-issued CAs named X (re-keyed, each signed by another): 7! orderings, far beyond the budget.
        List<Sm2Certificate> xs = new java.util.ArrayList<>();
        KeyHandle[] keys = new KeyHandle[7];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = TestPki.newKey(PKI.module, "x" + i);
        }
        for (int i = 0; i < keys.length; i++) {
            xs.add(Crafted.certificate(DistinguishedNames.parse("CN=X"), "CN=X", keys[i].publicKey(), TestPki.ISSUED_AT,
                    TestPki.ISSUED_AT.plus(TestPki.CA_VALIDITY)).ca().signedBy(keys[(i + 1) % keys.length]));
        }
        Sm2Certificate leaf = Crafted.certificate(DistinguishedNames.parse("CN=X"), "CN=leaf",
                PKI.clientSignKey.publicKey(), TestPki.ISSUED_AT, TestPki.ISSUED_AT.plus(TestPki.LEAF_VALIDITY))
                .keyUsage(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE)).signedBy(keys[0]);
        VerificationResult.Invalid r = assertFailure(FailureReason.PATH_TOO_LONG, leaf,
                verifier.verify(leaf, xs, AT, CertificatePurpose.SIGNING));
        assertTrue(r.message().contains("gave up"), r.message());
    }

    @Test
    void unreadableOrTooManyPresentedCertificatesAreMalformed() {
        VerificationResult.Invalid r = assertInstanceOf(VerificationResult.Invalid.class, verifier.verifyEncodedChain(
                List.of(PKI.serverSign.encoded(), new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}), AT,
                CertificatePurpose.SIGNING));
        assertEquals(FailureReason.MALFORMED, r.reason());
        assertNull(r.certificate());
        assertTrue(r.message().contains("#2"), r.message());
        assertTrue(verifier.verifyEncodedChain(List.of(PKI.ca.encoded(), PKI.serverSign.encoded()), AT,
                CertificatePurpose.SIGNING).isValid());
        assertEquals(FailureReason.MALFORMED, ((VerificationResult.Invalid) verifier.verifyChain(List.of(), AT,
                CertificatePurpose.ANY)).reason());
        List<Sm2Certificate> many = java.util.Collections.nCopies(CertificateVerifier.MAX_PRESENTED + 1, PKI.ca);
        assertEquals(FailureReason.MALFORMED, ((VerificationResult.Invalid) verifier.verify(PKI.serverSign, many, AT,
                CertificatePurpose.SIGNING)).reason());
    }

    @Test
    void aFailureIsLoggedOnceOnThePkiLoggerAndThrownOnRequest() {
        Logger pki = (Logger) LoggerFactory.getLogger("pki");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        pki.addAppender(events);
        try {
            VerificationResult r = verifier.verify(PKI.serverSign, List.of(PKI.ca), AT.plus(Duration.ofDays(400)),
                    CertificatePurpose.SIGNING);
            assertEquals(1, events.list.size());
            ILoggingEvent e = events.list.get(0);
            assertEquals(Level.WARN, e.getLevel());
            assertTrue(e.getFormattedMessage().contains("EXPIRED"), e.getFormattedMessage());
            CertificateVerificationException thrown = assertThrows(CertificateVerificationException.class,
                    r::pathOrThrow);
            assertEquals(FailureReason.EXPIRED, thrown.reason());
            assertTrue(thrown.getMessage().contains("renew it or check the clock"), thrown.getMessage());
        } finally {
            pki.detachAppender(events);
        }
    }

    @Test
    void oneVerifierServesManyThreads() throws Exception {
        CertificateVerifier shared = verifier.toBuilder().crls(List.of(new CrlIssuer(PKI.module, PKI.ca, PKI.caKey)
                .issue(java.math.BigInteger.ONE, Duration.ofDays(90), List.of(RevokedCertificate.of(PKI.clientEnc,
                        TestPki.ISSUED_AT, RevocationReason.SUPERSEDED))))).build();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                boolean revoked = i % 2 == 0;
                results.add(pool.submit(() -> revoked
                        ? shared.verify(PKI.clientEnc, List.of(PKI.ca), AT, CertificatePurpose.ENCRYPTION) instanceof
                                VerificationResult.Invalid inv && inv.reason() == FailureReason.REVOKED
                        : shared.verify(PKI.serverSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING).isValid()));
            }
            for (java.util.concurrent.Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aVerifierNeedsAnAnchorAndSaneLimits() {
        assertThrows(IllegalStateException.class, () -> CertificateVerifier.builder(PKI.module).build());
        assertThrows(IllegalArgumentException.class, () -> verifier.toBuilder().maxPathLength(0));
    }

    private static Crafted leaf(String subject) {
        return Crafted.certificate(PKI.ca.subject(), subject, PKI.clientSignKey.publicKey(), TestPki.ISSUED_AT,
                TestPki.ISSUED_AT.plus(TestPki.LEAF_VALIDITY)).keyUsage(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE));
    }

    private static void assertPath(VerificationResult r, Sm2Certificate leaf) {
        VerificationResult.Valid v = assertInstanceOf(VerificationResult.Valid.class, r, r::toString);
        assertEquals(List.of(leaf, PKI.ca, PKI.root), v.path());
        assertEquals(PKI.root, v.trustAnchor());
    }
}
