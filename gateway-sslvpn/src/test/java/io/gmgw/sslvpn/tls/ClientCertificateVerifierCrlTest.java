package io.gmgw.sslvpn.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.pki.RevocationPolicy;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.math.BigInteger;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which CRLs the TLS client-certificate verifier may read as complete: a delta CRL, or one whose
 * issuingDistributionPoint narrows its scope, says nothing about a certificate it does not list, and neither does a
 * CRL signed by a CA that may not sign CRLs. Such a CRL is unusable, so the status is unknown: certificate_unknown
 * when revocation checking is required. The CRLs are built with Bouncy Castle's X509v2CRLBuilder and list nothing, so
 * each would wrongly clear the client if it were read as complete.
 */
class ClientCertificateVerifierCrlTest {
    static TlsTestPki pki;
    static TlsTestPki.Pair erin;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TlsTestPki("crl-scope");
        erin = pki.client("erin");
    }

    private static ClientCertificateVerifier verifier(List<X509Certificate> anchors, RevocationPolicy policy,
            X509CRL... crls) {
        return new ClientCertificateVerifier(anchors, List.of(crls), policy, Clock.fixed(TlsTestPki.NOW,
                ZoneOffset.UTC));
    }

    private static void assertUnknown(ClientCertificateVerifier v, List<X509Certificate> chain, String why) {
        TlsFatalAlert e = assertThrows(TlsFatalAlert.class, () -> v.verify(chain));
        assertEquals(AlertDescription.certificate_unknown, e.getAlertDescription(), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be used") && e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void aDeltaCrlOrANarrowedOneLeavesTheStatusUnknown() throws Exception {
        List<X509CRL> incomplete = List.of(
                pki.crlWith(Extension.deltaCRLIndicator, new CRLNumber(BigInteger.ONE)),
                pki.crlWith(Extension.issuingDistributionPoint,
                        new IssuingDistributionPoint(null, false, true, null, false, false)),
                pki.crlWith(Extension.issuingDistributionPoint,
                        new IssuingDistributionPoint(null, false, false, null, false, true)),
                pki.crlWith(Extension.issuingDistributionPoint,
                        new IssuingDistributionPoint(null, false, false, new ReasonFlags(ReasonFlags.keyCompromise),
                                false, false)),
                pki.crlWith(Extension.issuingDistributionPoint,
                        new IssuingDistributionPoint(null, false, false, null, true, false)));
        List<String> why = List.of("delta CRL", "onlyContainsCACerts", "onlyContainsAttributeCerts",
                "onlySomeReasons", "indirect CRL");
        for (int i = 0; i < incomplete.size(); i++) {
            assertUnknown(verifier(List.of(pki.ca), RevocationPolicy.REQUIRE, incomplete.get(i)), erin.chain(),
                    why.get(i));
            // Unusable is as if absent: a verifier that checks only where it has a CRL lets the client through.
            assertEquals(erin.certificate(), verifier(List.of(pki.ca), RevocationPolicy.IF_PRESENT,
                    incomplete.get(i)).verify(erin.chain()).getFirst());
        }
    }

    @Test
    void aCompleteCrlBesideAnUnusableOneStillDecides() throws Exception {
        X509CRL delta = pki.crlWith(Extension.deltaCRLIndicator, new CRLNumber(BigInteger.ONE));
        assertEquals(erin.certificate(), verifier(List.of(pki.ca), RevocationPolicy.REQUIRE, delta, pki.crl())
                .verify(erin.chain()).getFirst());
        TlsFatalAlert revoked = assertThrows(TlsFatalAlert.class, () -> verifier(List.of(pki.ca),
                RevocationPolicy.REQUIRE, delta, pki.crl(erin.certificate())).verify(erin.chain()));
        assertEquals(AlertDescription.certificate_revoked, revoked.getAlertDescription());
    }

    @Test
    void aCrlOfEndEntitiesOnlyServesAnEndEntity() throws Exception {
        X509CRL usersOnly = pki.crlWith(Extension.issuingDistributionPoint,
                new IssuingDistributionPoint(null, true, false, null, false, false));
        assertEquals(erin.certificate(), verifier(List.of(pki.ca), RevocationPolicy.REQUIRE, usersOnly)
                .verify(erin.chain()).getFirst());
    }

    @Test
    void aCrlOfACaWhoseKeyUsageLacksCrlSignIsUnusable() throws Exception {
        KeyPair key = TlsTestPki.ec();
        X509Certificate ca = TlsTestPki.selfSignedCa("no cRLSign CA", key, KeyUsage.keyCertSign);
        TlsTestPki.Pair frank = TlsTestPki.client("frank", ca, key.getPrivate());
        X509CRL crl = TlsTestPki.crlWith(key.getPrivate(), ca, null, null);
        assertUnknown(verifier(List.of(ca), RevocationPolicy.REQUIRE, crl), frank.chain(), "cRLSign");
    }
}
