package io.gmgw.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.sm2.Sm2;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.junit.jupiter.api.Test;

class Sm2CrlTest {
    private static final Instant REVOKED_AT = Instant.parse("2030-05-20T08:00:00Z");
    private final TestPki pki = new TestPki("crl");
    private final CrlIssuer crlIssuer = new CrlIssuer(pki.module, pki.ca, pki.caKey);

    @Test
    void anIssuedCrlReadsBackWithItsNumberPeriodAndEntries() {
        Sm2Crl crl = crlIssuer.issue(BigInteger.valueOf(7), Duration.ofDays(7), List.of(
                RevokedCertificate.of(pki.clientSign, REVOKED_AT, RevocationReason.KEY_COMPROMISE),
                RevokedCertificate.of(pki.clientEnc, REVOKED_AT, RevocationReason.UNSPECIFIED)));
        Sm2Crl read = Sm2Crl.fromPem(crl.toPem()).get(0);
        assertEquals(crl, read);
        assertEquals(2, read.version());
        assertEquals(pki.ca.subject(), read.issuer());
        assertEquals(TestPki.ISSUED_AT, read.thisUpdate());
        assertEquals(Optional.of(TestPki.ISSUED_AT.plus(Duration.ofDays(7))), read.nextUpdate());
        assertEquals(Optional.of(BigInteger.valueOf(7)), read.crlNumber());
        assertArrayEquals(pki.ca.subjectKeyIdentifier(), read.authorityKeyIdentifier());
        assertEquals(List.of(), read.unsupportedCriticalExtensions());
        assertEquals(Optional.of(new RevokedCertificate(pki.clientSign.serialNumber(), REVOKED_AT,
                RevocationReason.KEY_COMPROMISE)), read.find(pki.clientSign.serialNumber()));
        assertEquals(RevocationReason.UNSPECIFIED, read.find(pki.clientEnc.serialNumber()).orElseThrow().reason());
        assertEquals(Optional.empty(), read.find(pki.serverSign.serialNumber()));
        assertEquals(2, read.revoked().size());
        assertTrue(read.toString().contains("number 7"), read.toString());
    }

    @Test
    void theCrlIsSignedLikeACertificateAndOmitsTheUnspecifiedReason() throws Exception {
        Sm2Crl crl = crlIssuer.issue(BigInteger.ONE, Duration.ofDays(1), List.of(
                RevokedCertificate.of(pki.clientEnc, REVOKED_AT, RevocationReason.UNSPECIFIED)));
        assertArrayEquals(HexFormat.of().parseHex("300a06082a811ccf55018375"),
                crl.toHolder().toASN1Structure().getSignatureAlgorithm().getEncoded("DER"));
        X509CRLEntryHolder entry = crl.toHolder().getRevokedCertificate(pki.clientEnc.serialNumber());
        assertNull(entry.getExtension(Extension.reasonCode), "RFC 5280 §5.3.1: no reasonCode for unspecified");
        assertTrue(crl.isSignedBy(pki.module, pki.caKey.publicKey(), Sm2.defaultUserId()));
        assertFalse(crl.isSignedBy(pki.module, pki.rootKey.publicKey(), Sm2.defaultUserId()));
        assertFalse(crl.isSignedBy(pki.module, pki.caKey.publicKey(), new byte[0]));

        byte[] der = crl.encoded();
        der[der.length - 3] ^= 0x10;
        assertFalse(Sm2Crl.fromDer(der).isSignedBy(pki.module, pki.caKey.publicKey(), Sm2.defaultUserId()));
    }

    @Test
    void everyReasonRoundTrips() {
        for (RevocationReason reason : RevocationReason.values()) {
            Sm2Crl crl = crlIssuer.issue(BigInteger.TWO, Duration.ofDays(1),
                    List.of(RevokedCertificate.of(pki.serverSign, REVOKED_AT, reason)));
            assertEquals(reason, crl.find(pki.serverSign.serialNumber()).orElseThrow().reason());
        }
        assertThrows(MalformedEncodingException.class, () -> RevocationReason.fromCode(7));
    }

    @Test
    void criticalExtensionsGmgwDoesNotProcessAreReported() throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(pki.ca.subject(), Date.from(TestPki.ISSUED_AT));
        b.setNextUpdate(Date.from(TestPki.ISSUED_AT.plus(Duration.ofDays(1))));
        b.addExtension(Extension.issuingDistributionPoint, true,
                new IssuingDistributionPoint(null, true, false, null, false, false));
        Sm2Crl crl = Sm2Crl.fromDer(b.build(new Sm2ContentSigner(pki.caKey)).getEncoded());
        assertEquals(List.of(Extension.issuingDistributionPoint), crl.unsupportedCriticalExtensions());
        assertEquals(2, crl.version(), "v2: it has extensions");
        assertEquals(Optional.empty(), crl.crlNumber());
    }

    @Test
    void theIssuerRefusesBadInput() {
        assertThrows(IssuanceException.class, () -> new CrlIssuer(pki.module, pki.ca, pki.rootKey));
        assertThrows(IllegalArgumentException.class,
                () -> crlIssuer.issue(BigInteger.ONE.negate(), Duration.ofDays(1), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> crlIssuer.issue(BigInteger.ONE.shiftLeft(160), Duration.ofDays(1), List.of()));
        assertThrows(IllegalArgumentException.class, () -> crlIssuer.issue(BigInteger.ONE, Duration.ZERO, List.of()));
    }

    @Test
    void malformedCrlsAreMalformed() {
        byte[] der = crlIssuer.issue(BigInteger.ONE, Duration.ofDays(1), List.of()).encoded();
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 2);
        assertThrows(MalformedEncodingException.class, () -> Sm2Crl.fromDer(trailing));
        assertThrows(MalformedEncodingException.class, () -> Sm2Crl.fromDer(new byte[] {0x30, 0x00}));
        assertThrows(MalformedEncodingException.class, () -> Sm2Crl.fromDer(new byte[] {0x04, 0x01, 0x00}));
        assertThrows(MalformedEncodingException.class, () -> Sm2Crl.fromDer(pki.ca.encoded()));
        assertEquals(List.of(), Sm2Crl.fromPem(pki.ca.toPem()), "no CRL blocks in a certificate file");
    }
}
