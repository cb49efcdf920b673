package io.gmgw.crypto.pki;

import static io.gmgw.crypto.pki.ThirdPartyChainVerificationTest.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.junit.jupiter.api.Test;

/** Revocation checking with CRLs issued by gmgw (and some it would refuse to issue). */
class RevocationTest {
    private static final TestPki PKI = new TestPki("revocation");
    /** A week after issuance: inside every certificate, inside a CRL issued at issuance with a 7-day period. */
    private static final Instant AT = TestPki.ISSUED_AT.plus(Duration.ofDays(3));
    private static final Instant REVOKED_AT = TestPki.ISSUED_AT.plus(Duration.ofHours(5));
    private static final Duration WEEK = Duration.ofDays(7);

    private final CrlIssuer rootCrls = new CrlIssuer(PKI.module, PKI.root, PKI.rootKey);
    private final CrlIssuer caCrls = new CrlIssuer(PKI.module, PKI.ca, PKI.caKey);
    private final Sm2Crl emptyRootCrl = rootCrls.issue(BigInteger.ONE, WEEK, List.of());
    private final Sm2Crl clientSignRevoked = caCrls.issue(BigInteger.TWO, WEEK,
            List.of(RevokedCertificate.of(PKI.clientSign, REVOKED_AT, RevocationReason.KEY_COMPROMISE)));

    @Test
    void aRevokedCertificateIsReportedWithItsDateAndReason() {
        CertificateVerifier v = verifier(RevocationPolicy.REQUIRE, emptyRootCrl, clientSignRevoked);
        VerificationResult.Invalid r = assertFailure(FailureReason.REVOKED, PKI.clientSign,
                v.verify(PKI.clientSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING));
        RevokedCertificate entry = r.revocation().orElseThrow();
        assertEquals(REVOKED_AT, entry.revocationDate());
        assertEquals(RevocationReason.KEY_COMPROMISE, entry.reason());
        assertTrue(r.message().contains("keyCompromise") && r.message().contains(REVOKED_AT.toString()), r.message());
        // The other certificate of the pair is not on the CRL.
        assertTrue(v.verify(PKI.clientEnc, List.of(PKI.ca), AT, CertificatePurpose.ENCRYPTION).isValid());
    }

    @Test
    void aRevokedIntermediateRevokesEverythingBelowIt() {
        Sm2Crl caRevoked = rootCrls.issue(BigInteger.TEN, WEEK,
                List.of(RevokedCertificate.of(PKI.ca, REVOKED_AT, RevocationReason.CA_COMPROMISE)));
        CertificateVerifier v = verifier(RevocationPolicy.IF_PRESENT, caRevoked);
        VerificationResult.Invalid r = assertFailure(FailureReason.REVOKED, PKI.ca,
                v.verify(PKI.serverSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING));
        assertEquals(RevocationReason.CA_COMPROMISE, r.revocation().orElseThrow().reason());
    }

    @Test
    void requireFailsWithoutACrlAndIfPresentSkips() {
        assertFailure(FailureReason.CRL_MISSING, PKI.ca, verifier(RevocationPolicy.REQUIRE)
                .verify(PKI.serverSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING));
        // The CA's CRL alone is not enough: the intermediate itself needs the root's.
        assertFailure(FailureReason.CRL_MISSING, PKI.ca, verifier(RevocationPolicy.REQUIRE, clientSignRevoked)
                .verify(PKI.serverSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING));
        assertTrue(verifier(RevocationPolicy.REQUIRE, emptyRootCrl, clientSignRevoked)
                .verify(PKI.serverSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING).isValid());
        assertTrue(verifier(RevocationPolicy.IF_PRESENT)
                .verify(PKI.clientSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING).isValid());
        // The anchor is never checked: an intermediate anchor needs no CRL from the root.
        assertTrue(CertificateVerifier.builder(PKI.module).trustAnchor(PKI.ca).crls(List.of(clientSignRevoked))
                .revocationPolicy(RevocationPolicy.REQUIRE).build()
                .verify(PKI.serverSign, List.of(), AT, CertificatePurpose.SIGNING).isValid());
    }

    @Test
    void anExpiredCrlIsRefused() {
        CertificateVerifier v = verifier(RevocationPolicy.IF_PRESENT, emptyRootCrl, clientSignRevoked);
        Instant late = TestPki.ISSUED_AT.plus(Duration.ofDays(8));
        VerificationResult.Invalid r = assertFailure(FailureReason.CRL_EXPIRED, PKI.ca,
                v.verify(PKI.serverSign, List.of(PKI.ca), late, CertificatePurpose.SIGNING));
        assertTrue(r.message().contains("current CRL"), r.message());
        // Exactly at nextUpdate it is still current (thisUpdate ≤ t ≤ nextUpdate).
        assertTrue(v.verify(PKI.serverSign, List.of(PKI.ca), TestPki.ISSUED_AT.plus(WEEK), CertificatePurpose.SIGNING)
                .isValid());
    }

    @Test
    void aCrlFromTheFutureIsNotYetValid() {
        CryptoModule later = TestPki.module("revocation-later", TestPki.ISSUED_AT.plus(Duration.ofDays(10)));
        Sm2Crl future = new CrlIssuer(later, PKI.root, PKI.rootKey).issue(BigInteger.ONE, WEEK, List.of());
        assertFailure(FailureReason.CRL_NOT_YET_VALID, PKI.ca, verifier(RevocationPolicy.IF_PRESENT, future)
                .verify(PKI.serverSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING));
    }

    @Test
    void aCrlSignedByTheWrongKeyIsRefused() throws IOException {
        // Forged: the CA's name and key identifier, the root's signature.
        X509v2CRLBuilder b = crlBuilder(PKI.ca);
        b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(PKI.ca.subjectKeyIdentifier()));
        b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(99)));
        Sm2Crl forged = Sm2Crl.fromDer(b.build(new Sm2ContentSigner(PKI.rootKey)).getEncoded());
        VerificationResult.Invalid r = assertFailure(FailureReason.CRL_INVALID, PKI.clientEnc,
                verifier(RevocationPolicy.IF_PRESENT, forged).verify(PKI.clientEnc, List.of(PKI.ca), AT,
                        CertificatePurpose.ENCRYPTION));
        assertTrue(r.message().contains("does not verify"), r.message());
        // A genuine CRL beside it does not excuse it: a forged CRL in the configuration is an error to fix.
        assertFailure(FailureReason.CRL_INVALID, PKI.clientEnc, verifier(RevocationPolicy.IF_PRESENT, clientSignRevoked,
                forged).verify(PKI.clientEnc, List.of(PKI.ca), AT, CertificatePurpose.ENCRYPTION));
    }

    @Test
    void aCrlWithAnotherKeyIdentifierBelongsToAnotherCa() throws IOException {
        X509v2CRLBuilder b = crlBuilder(PKI.ca);
        b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(new byte[20]));
        Sm2Crl other = Sm2Crl.fromDer(b.build(new Sm2ContentSigner(PKI.rootKey)).getEncoded());
        assertTrue(verifier(RevocationPolicy.IF_PRESENT, other)
                .verify(PKI.clientEnc, List.of(PKI.ca), AT, CertificatePurpose.ENCRYPTION).isValid());
    }

    @Test
    void crlsThatCannotBeJudgedAreInvalid() throws IOException {
        X509v2CRLBuilder delta = crlBuilder(PKI.ca);
        delta.addExtension(Extension.issuingDistributionPoint, true,
                new IssuingDistributionPoint(null, true, false, null, false, false));
        Sm2Crl partitioned = Sm2Crl.fromDer(delta.build(new Sm2ContentSigner(PKI.caKey)).getEncoded());
        assertFailure(FailureReason.CRL_INVALID, PKI.clientEnc, verifier(RevocationPolicy.IF_PRESENT, partitioned)
                .verify(PKI.clientEnc, List.of(PKI.ca), AT, CertificatePurpose.ENCRYPTION));

        X509v2CRLBuilder noNext = new X509v2CRLBuilder(PKI.ca.subject(), Date.from(TestPki.ISSUED_AT));
        Sm2Crl timeless = Sm2Crl.fromDer(noNext.build(new Sm2ContentSigner(PKI.caKey)).getEncoded());
        VerificationResult.Invalid r = assertFailure(FailureReason.CRL_INVALID, PKI.clientEnc,
                verifier(RevocationPolicy.IF_PRESENT, timeless).verify(PKI.clientEnc, List.of(PKI.ca), AT,
                        CertificatePurpose.ENCRYPTION));
        assertTrue(r.message().contains("nextUpdate"), r.message());
    }

    /** A CRL of {@code issuer} signed by {@code key}, listing nothing, with {@code extension} not marked critical. */
    private static Sm2Crl emptyCrlWith(Sm2Certificate issuer, KeyHandle key, org.bouncycastle.asn1.ASN1ObjectIdentifier
            oid, org.bouncycastle.asn1.ASN1Encodable value) throws IOException {
        X509v2CRLBuilder b = crlBuilder(issuer);
        b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(7)));
        b.addExtension(oid, false, value);
        return Sm2Crl.fromDer(b.build(new Sm2ContentSigner(key)).getEncoded());
    }

    @Test
    void crlsThatAreNotCompleteAreInvalidEvenWhenTheirExtensionIsNotMarkedCritical() throws IOException {
        // Each lists nothing, so read as a complete CRL it would say the client's certificate is not revoked.
        List<Sm2Crl> incomplete = List.of(
                emptyCrlWith(PKI.ca, PKI.caKey, Extension.deltaCRLIndicator, new CRLNumber(BigInteger.ONE)),
                emptyCrlWith(PKI.ca, PKI.caKey, Extension.issuingDistributionPoint,
                        new IssuingDistributionPoint(null, false, true, null, false, false)),
                emptyCrlWith(PKI.ca, PKI.caKey, Extension.issuingDistributionPoint,
                        new IssuingDistributionPoint(null, false, false, null, false, true)),
                emptyCrlWith(PKI.ca, PKI.caKey, Extension.issuingDistributionPoint,
                        new IssuingDistributionPoint(null, false, false,
                                new ReasonFlags(ReasonFlags.keyCompromise), false, false)),
                emptyCrlWith(PKI.ca, PKI.caKey, Extension.issuingDistributionPoint,
                        new IssuingDistributionPoint(null, false, false, null, true, false)));
        List<String> expected = List.of("delta CRL", "onlyContainsCACerts", "onlyContainsAttributeCerts",
                "onlySomeReasons", "indirect CRL");
        for (int i = 0; i < incomplete.size(); i++) {
            for (RevocationPolicy policy : RevocationPolicy.values()) {
                VerificationResult.Invalid r = assertFailure(FailureReason.CRL_INVALID, PKI.clientEnc,
                        verifier(policy, emptyRootCrl, incomplete.get(i)).verify(PKI.clientEnc, List.of(PKI.ca), AT,
                                CertificatePurpose.ENCRYPTION));
                assertTrue(r.message().contains(expected.get(i)) && r.message().contains("not a complete CRL"),
                        r.message());
            }
        }
    }

    @Test
    void aCrlOfEndEntityCertificatesOnlyServesEndEntitiesNotCas() throws IOException {
        Sm2Crl usersOnly = emptyCrlWith(PKI.ca, PKI.caKey, Extension.issuingDistributionPoint,
                new IssuingDistributionPoint(null, true, false, null, false, false));
        assertTrue(verifier(RevocationPolicy.REQUIRE, emptyRootCrl, usersOnly)
                .verify(PKI.clientEnc, List.of(PKI.ca), AT, CertificatePurpose.ENCRYPTION).isValid());
        Sm2Crl rootUsersOnly = emptyCrlWith(PKI.root, PKI.rootKey, Extension.issuingDistributionPoint,
                new IssuingDistributionPoint(null, true, false, null, false, false));
        VerificationResult.Invalid r = assertFailure(FailureReason.CRL_INVALID, PKI.ca,
                verifier(RevocationPolicy.REQUIRE, rootUsersOnly, usersOnly).verify(PKI.clientEnc, List.of(PKI.ca),
                        AT, CertificatePurpose.ENCRYPTION));
        assertTrue(r.message().contains("onlyContainsUserCerts"), r.message());
    }

    @Test
    void aCaWithoutCrlSignCannotVouchForItsCrls() throws IOException {
        KeyHandle key = TestPki.newKey(PKI.module, "no-crl-sign CA");
        Sm2Certificate ca = Crafted.certificate(PKI.root.subject(), "CN=No cRLSign CA", key.publicKey(),
                TestPki.ISSUED_AT, TestPki.ISSUED_AT.plus(TestPki.CA_VALIDITY))
                .extension(Extension.basicConstraints, true, new BasicConstraints(0))
                .keyUsage(EnumSet.of(KeyUsage.KEY_CERT_SIGN)).signedBy(PKI.rootKey);
        Sm2Certificate leaf = Crafted.certificate(ca.subject(), "CN=leaf", PKI.clientSignKey.publicKey(),
                TestPki.ISSUED_AT, TestPki.ISSUED_AT.plus(TestPki.LEAF_VALIDITY))
                .keyUsage(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE)).signedBy(key);
        Sm2Crl crl = Sm2Crl.fromDer(crlBuilder(ca).build(new Sm2ContentSigner(key)).getEncoded());
        VerificationResult.Invalid r = assertFailure(FailureReason.CRL_INVALID, leaf,
                verifier(RevocationPolicy.IF_PRESENT, crl).verify(leaf, List.of(ca), AT, CertificatePurpose.SIGNING));
        assertTrue(r.message().contains("cRLSign"), r.message());
    }

    @Test
    void theNewestCurrentCrlDecides() {
        Sm2Crl onHold = caCrls.issue(BigInteger.valueOf(3), WEEK,
                List.of(RevokedCertificate.of(PKI.clientSign, REVOKED_AT, RevocationReason.CERTIFICATE_HOLD)));
        Sm2Crl released = caCrls.issue(BigInteger.valueOf(4), WEEK, List.of());
        // Numbers 2 and 3 list it, 4 (released from hold) does not: 4 decides, in any order.
        assertTrue(verifier(RevocationPolicy.IF_PRESENT, released, clientSignRevoked, onHold)
                .verify(PKI.clientSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING).isValid());
        assertTrue(verifier(RevocationPolicy.IF_PRESENT, onHold, released)
                .verify(PKI.clientSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING).isValid());
        // Without 4, number 3 (on hold) decides over number 2 (key compromise).
        VerificationResult.Invalid hold = assertFailure(FailureReason.REVOKED, PKI.clientSign,
                verifier(RevocationPolicy.IF_PRESENT, onHold, clientSignRevoked)
                        .verify(PKI.clientSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING));
        assertEquals(RevocationReason.CERTIFICATE_HOLD, hold.revocation().orElseThrow().reason());
        assertTrue(hold.message().contains("number 3"), hold.message());
    }

    @Test
    void newCrlsMakeANewVerifierAndLeaveTheOldOneAlone() {
        CertificateVerifier before = verifier(RevocationPolicy.IF_PRESENT);
        CertificateVerifier after = before.toBuilder().crls(List.of(clientSignRevoked)).build();
        assertTrue(before.verify(PKI.clientSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING).isValid());
        assertEquals(FailureReason.REVOKED, ((VerificationResult.Invalid) after.verify(PKI.clientSign,
                List.of(PKI.ca), AT, CertificatePurpose.SIGNING)).reason());
        assertTrue(after.toBuilder().clearCrls().build()
                .verify(PKI.clientSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING).isValid());
    }

    private static CertificateVerifier verifier(RevocationPolicy policy, Sm2Crl... crls) {
        return CertificateVerifier.builder(PKI.module).trustAnchor(PKI.root).crls(List.of(crls))
                .revocationPolicy(policy).build();
    }

    private static X509v2CRLBuilder crlBuilder(Sm2Certificate issuer) {
        X509v2CRLBuilder b = new X509v2CRLBuilder(issuer.subject(), Date.from(TestPki.ISSUED_AT));
        b.setNextUpdate(Date.from(TestPki.ISSUED_AT.plus(WEEK)));
        return b;
    }
}
