package io.gmgw.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.sm2.Sm2;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;

class CertificateIssuerTest {
    /** DER of AlgorithmIdentifier { 1.2.156.10197.1.501 } with the parameters absent (GM/T 0015). */
    private static final byte[] SM3_WITH_SM2_NO_PARAMS = HexFormat.of().parseHex("300a06082a811ccf55018375");

    private final TestPki pki = new TestPki("issuer");

    @Test
    void rootIsSelfSignedCaWithCriticalBasicConstraintsAndCertSignCrlSign() {
        Sm2Certificate root = pki.root;
        assertEquals(root.subject(), root.issuer());
        assertTrue(root.isSignedBy(pki.module, pki.rootKey.publicKey(), Sm2.defaultUserId()));
        assertExtensions(root, Extension.basicConstraints, Extension.keyUsage, Extension.subjectKeyIdentifier,
                Extension.authorityKeyIdentifier);
        BasicConstraints bc = basicConstraints(root);
        assertTrue(bc.isCA());
        assertNull(bc.getPathLenConstraint(), "a root has no length limit");
        assertEquals(EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN), root.keyUsage());
        assertCritical(root, Extension.basicConstraints, Extension.keyUsage);
        assertArrayEquals(KeyIdentifiers.of(pki.module, pki.rootKey.publicKey()), root.subjectKeyIdentifier());
        assertArrayEquals(root.subjectKeyIdentifier(), root.authorityKeyIdentifier());
    }

    @Test
    void intermediateHasPathLenZeroAndTheRootsKeyIdentifier() {
        Sm2Certificate ca = pki.ca;
        assertEquals(pki.root.subject(), ca.issuer());
        assertExtensions(ca, Extension.basicConstraints, Extension.keyUsage, Extension.subjectKeyIdentifier,
                Extension.authorityKeyIdentifier);
        assertTrue(basicConstraints(ca).isCA());
        assertEquals(0, ca.pathLengthConstraint());
        assertEquals(EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN), ca.keyUsage());
        assertCritical(ca, Extension.basicConstraints, Extension.keyUsage);
        assertArrayEquals(pki.root.subjectKeyIdentifier(), ca.authorityKeyIdentifier());
        assertTrue(ca.isSignedBy(pki.module, pki.rootKey.publicKey(), Sm2.defaultUserId()));
    }

    @Test
    void serverPairCarriesItsNameAndTheDoubleCertificateKeyUsages() {
        Sm2Certificate sign = pki.serverSign;
        Sm2Certificate enc = pki.serverEnc;
        for (Sm2Certificate c : List.of(sign, enc)) {
            assertExtensions(c, Extension.keyUsage, Extension.subjectKeyIdentifier, Extension.authorityKeyIdentifier,
                    Extension.subjectAlternativeName);
            assertCritical(c, Extension.keyUsage);
            assertFalse(c.isCa());
            assertEquals(List.of(TestPki.SERVER_NAME), c.dnsNames());
            assertEquals("CN=" + TestPki.SERVER_NAME, c.subject().toString());
            assertArrayEquals(pki.ca.subjectKeyIdentifier(), c.authorityKeyIdentifier());
            assertTrue(c.isSignedBy(pki.module, pki.caKey.publicKey(), Sm2.defaultUserId()));
        }
        assertEquals(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.NON_REPUDIATION), sign.keyUsage());
        assertEquals(EnumSet.of(KeyUsage.KEY_ENCIPHERMENT, KeyUsage.DATA_ENCIPHERMENT, KeyUsage.KEY_AGREEMENT),
                enc.keyUsage());
        assertArrayEquals(KeyIdentifiers.of(pki.module, pki.serverSignKey.publicKey()), sign.subjectKeyIdentifier());
        assertArrayEquals(KeyIdentifiers.of(pki.module, pki.serverEncKey.publicKey()), enc.subjectKeyIdentifier());
    }

    @Test
    void anAclSignerCertificateNamesItsPurposeInANonCriticalExtendedKeyUsage() {
        Sm2Certificate c = pki.caIssuer.issue(CertificateProfile.SIGNING, DistinguishedNames.parse("CN=acl, C=CN"),
                pki.clientSignKey.publicKey(), List.of(), TestPki.LEAF_VALIDITY,
                List.of(ExtendedKeyUsages.ACL_SIGNING));
        assertExtensions(c, Extension.keyUsage, Extension.subjectKeyIdentifier, Extension.authorityKeyIdentifier,
                Extension.extendedKeyUsage);
        assertCritical(c, Extension.keyUsage);
        assertEquals(List.of(ExtendedKeyUsages.ACL_SIGNING), c.extendedKeyUsages());
        assertTrue(c.hasExtendedKeyUsageExtension());
        assertTrue(c.permitsExtendedKeyUsage(ExtendedKeyUsages.ACL_SIGNING));
        assertFalse(c.permitsExtendedKeyUsage(ExtendedKeyUsages.DOCUMENT_SIGNING));
        assertEquals("gmgwAclSigning (2.25.101809710155271022504057816188064354060)",
                ExtendedKeyUsages.describe(c.extendedKeyUsages()));
        // Without one: no restriction by purpose, and nothing named.
        assertFalse(pki.clientSign.hasExtendedKeyUsageExtension());
        assertEquals(List.of(), pki.clientSign.extendedKeyUsages());
        assertTrue(pki.clientSign.permitsExtendedKeyUsage(ExtendedKeyUsages.ACL_SIGNING));
        assertThrows(IllegalArgumentException.class, () -> pki.rootIssuer.issue(CertificateProfile.INTERMEDIATE_CA,
                DistinguishedNames.parse("CN=x"), pki.clientSignKey.publicKey(), List.of(), TestPki.LEAF_VALIDITY,
                List.of(ExtendedKeyUsages.ACL_SIGNING)));
        assertEquals(ExtendedKeyUsages.ACL_SIGNING, ExtendedKeyUsages.parse("ACL-Signing").orElseThrow());
        assertEquals("1.2.3.4", ExtendedKeyUsages.parse("1.2.3.4").orElseThrow().getId());
        assertTrue(ExtendedKeyUsages.parse("acl signing").isEmpty());
    }

    @Test
    void clientPairHasNoSubjectAltName() {
        for (Sm2Certificate c : List.of(pki.clientSign, pki.clientEnc)) {
            assertExtensions(c, Extension.keyUsage, Extension.subjectKeyIdentifier, Extension.authorityKeyIdentifier);
            assertEquals("C=CN,O=gmgw,CN=alice", c.subject().toString(), "RFC 4514 input, DER order C, O, CN");
        }
        assertTrue(pki.clientSign.isSigningCertificate() && !pki.clientSign.isEncryptionCertificate());
        assertTrue(pki.clientEnc.isEncryptionCertificate() && !pki.clientEnc.isSigningCertificate());
    }

    @Test
    void everyCertificateIsV3WithTheGmAlgorithmIdentifierAndAPositiveSerialOfAtLeast64Bits() throws Exception {
        Set<BigInteger> serials = new HashSet<>();
        for (Sm2Certificate c : pki.all()) {
            Certificate asn1 = c.toHolder().toASN1Structure();
            assertEquals(3, c.toHolder().getVersionNumber());
            assertArrayEquals(SM3_WITH_SM2_NO_PARAMS, asn1.getSignatureAlgorithm().getEncoded("DER"), c.toString());
            assertArrayEquals(SM3_WITH_SM2_NO_PARAMS, asn1.getTBSCertificate().getSignature().getEncoded("DER"));
            assertNull(asn1.getSignatureAlgorithm().getParameters());
            assertEquals(1, c.serialNumber().signum());
            assertTrue(c.serialNumber().bitLength() >= 64, c.serialHex());
            assertTrue(c.serialNumber().toByteArray().length <= 20, "RFC 5280 §4.1.2.2: at most 20 octets");
            assertTrue(serials.add(c.serialNumber()), "serials differ");
        }
    }

    @Test
    void validityStartsAtTheModuleClock() {
        assertEquals(TestPki.ISSUED_AT, pki.serverSign.notBefore());
        assertEquals(TestPki.ISSUED_AT.plus(TestPki.LEAF_VALIDITY), pki.serverSign.notAfter());
        assertEquals(TestPki.ISSUED_AT.plus(TestPki.ROOT_VALIDITY), pki.root.notAfter());
    }

    @Test
    void subjectNamesAreUtf8ExceptTheCountry() {
        for (Sm2Certificate c : pki.all()) {
            for (RDN rdn : c.subject().getRDNs()) {
                for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                    Class<?> expected = atv.getType().equals(BCStyle.C) ? DERPrintableString.class : DERUTF8String.class;
                    assertInstanceOf(expected, atv.getValue(), c + " " + atv.getType());
                }
            }
        }
    }

    @Test
    void opensslSlashNamesAndRfc4514NamesEncodeTheSame() throws Exception {
        X500Name a = DistinguishedNames.parse("CN=网关 1, OU=VPN, O=Example, C=CN");
        X500Name b = DistinguishedNames.parse("/C=CN/O=Example/OU=VPN/CN=网关 1");
        assertArrayEquals(a.getEncoded("DER"), b.getEncoded("DER"));
        assertEquals("网关 1", ((ASN1String) a.getRDNs(BCStyle.CN)[0].getFirst().getValue()).getString());
        assertThrows(IllegalArgumentException.class, () -> DistinguishedNames.parse("   "));
        assertThrows(IllegalArgumentException.class, () -> DistinguishedNames.parse("/C=CN//CN=x"));
    }

    @Test
    void ipLiteralsBecomeIpAddressNames() {
        Sm2Certificate c = pki.caIssuer.server(CertificateProfile.SIGNING, "192.0.2.7", pki.serverSignKey.publicKey(),
                TestPki.LEAF_VALIDITY);
        GeneralName[] names = GeneralNames.fromExtensions(c.extensions(), Extension.subjectAlternativeName).getNames();
        assertEquals(1, names.length);
        assertEquals(GeneralName.iPAddress, names[0].getTagNo());
        assertThrows(IllegalArgumentException.class, () -> pki.caIssuer.server(CertificateProfile.SIGNING,
                "bad_name.example", pki.serverSignKey.publicKey(), TestPki.LEAF_VALIDITY));
    }

    @Test
    void aSerialAlreadyInTheLedgerIsNeverReused() {
        AtomicInteger claims = new AtomicInteger();
        Set<BigInteger> used = new HashSet<>();
        // The first draw is refused as if another certificate had it already.
        SerialNumberLedger ledger = serial -> claims.incrementAndGet() > 1 && used.add(serial);
        CertificateIssuer issuer = new CertificateIssuer(pki.module, pki.ca, pki.caKey, ledger);
        Sm2Certificate c = issuer.client(CertificateProfile.SIGNING, DistinguishedNames.parse("CN=bob"),
                pki.clientSignKey.publicKey(), TestPki.LEAF_VALIDITY);
        assertEquals(2, claims.get());
        assertEquals(Set.of(c.serialNumber()), used);
        assertThrows(IssuanceException.class, () -> new CertificateIssuer(pki.module, pki.ca, pki.caKey, s -> false)
                .client(CertificateProfile.SIGNING, DistinguishedNames.parse("CN=bob"), pki.clientSignKey.publicKey(),
                        TestPki.LEAF_VALIDITY));
    }

    @Test
    void theIssuerRefusesWhatItMustNotSign() {
        // An issuing CA with pathLen 0 cannot create another CA.
        IssuanceException subCa = assertThrows(IssuanceException.class, () -> pki.caIssuer.intermediateCa(
                DistinguishedNames.parse("CN=sub"), pki.clientSignKey.publicKey(), TestPki.LEAF_VALIDITY));
        assertTrue(subCa.getMessage().contains("pathLenConstraint 0"), subCa.getMessage());
        // A key that does not belong to the certificate.
        assertThrows(IssuanceException.class, () -> new CertificateIssuer(pki.module, pki.ca, pki.rootKey));
        // An end entity is no CA.
        assertThrows(IssuanceException.class, () -> new CertificateIssuer(pki.module, pki.serverSign, pki.serverSignKey));
        // Nothing outlives its CA.
        IssuanceException tooLong = assertThrows(IssuanceException.class, () -> pki.caIssuer.client(
                CertificateProfile.SIGNING, DistinguishedNames.parse("CN=x"), pki.clientSignKey.publicKey(),
                Duration.ofDays(4000)));
        assertTrue(tooLong.getMessage().contains("expires"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pki.caIssuer.issue(CertificateProfile.ROOT_CA,
                DistinguishedNames.parse("CN=x"), pki.clientSignKey.publicKey(), List.of(), TestPki.LEAF_VALIDITY));
        assertThrows(IllegalArgumentException.class, () -> pki.caIssuer.client(CertificateProfile.SIGNING,
                DistinguishedNames.parse("CN=x"), pki.clientSignKey.publicKey(), Duration.ZERO));
    }

    @Test
    void theSameSeedIssuesTheSameCertificatesAndAnotherSeedDoesNot() {
        TestPki again = new TestPki("issuer");
        TestPki other = new TestPki("issuer-2");
        assertEquals(pki.serverSign, again.serverSign);
        assertNotEquals(pki.serverSign, other.serverSign);
    }

    private static void assertExtensions(Sm2Certificate c, ASN1ObjectIdentifier... expected) {
        Extensions ext = c.extensions();
        assertEquals(Set.of(expected), Set.of(ext.getExtensionOIDs()), c + " carries exactly " + Arrays.toString(expected));
    }

    private static void assertCritical(Sm2Certificate c, ASN1ObjectIdentifier... critical) {
        assertEquals(Set.of(critical), Set.of(c.extensions().getCriticalExtensionOIDs()), c + " critical extensions");
    }

    private static BasicConstraints basicConstraints(Sm2Certificate c) {
        return BasicConstraints.fromExtensions(c.extensions());
    }
}
