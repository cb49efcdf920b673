package io.gmgw.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.Bytes;
import io.gmgw.crypto.Vectors;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.sm2.Sm2;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Sm2CertificationRequestTest {
    private final TestPki pki = new TestPki("csr");

    @Test
    void roundTripThroughPemKeepsSubjectKeyAndRequestedNames() {
        KeyHandle key = TestPki.newKey(pki.module, "requester");
        Sm2CertificationRequest csr = Sm2CertificationRequest.create(key,
                DistinguishedNames.parse("CN=gw2.example.test, O=gmgw, C=CN"), List.of("gw2.example.test"));
        assertTrue(csr.toPem().startsWith("-----BEGIN CERTIFICATE REQUEST-----"));

        Sm2CertificationRequest read = Sm2CertificationRequest.fromPem(csr.toPem());
        assertArrayEquals(csr.encoded(), read.encoded());
        assertEquals(csr.subject(), read.subject());
        assertEquals(key.publicKey(), read.publicKey());
        assertEquals(List.of("gw2.example.test"), read.requestedDnsNames());
        assertTrue(read.isSelfSignatureValid(pki.module));
        assertFalse(read.isSelfSignatureValid(pki.module, new byte[0]), "signed with the default ID, not an empty one");
        assertEquals(Sm2Certificate.SM3_WITH_SM2, read.toBc().getSignatureAlgorithm().getAlgorithm());
    }

    @Test
    void aTamperedRequestFailsItsSelfSignatureAndIsNotIssued() {
        Sm2CertificationRequest csr = Sm2CertificationRequest.create(TestPki.newKey(pki.module, "r"),
                DistinguishedNames.parse("CN=alice, O=gmgw, C=CN"));
        byte[] der = csr.encoded();
        int at = Bytes.indexOf(der, "alice".getBytes(StandardCharsets.US_ASCII));
        der[at] = 'm';
        Sm2CertificationRequest tampered = Sm2CertificationRequest.fromDer(der);
        assertEquals("C=CN,O=gmgw,CN=mlice", tampered.subject().toString());
        assertFalse(tampered.isSelfSignatureValid(pki.module));
        IssuanceException e = assertThrows(IssuanceException.class, () -> pki.caIssuer.fromRequest(
                CertificateProfile.SIGNING, tampered, List.of(), TestPki.LEAF_VALIDITY));
        assertTrue(e.getMessage().contains("self-signature"), e.getMessage());

        byte[] badSig = csr.encoded();
        badSig[badSig.length - 1] ^= 0x01;
        assertFalse(Sm2CertificationRequest.fromDer(badSig).isSelfSignatureValid(pki.module));
    }

    @Test
    void issuingFromARequestUsesItsSubjectAndKey() {
        KeyHandle key = TestPki.newKey(pki.module, "requester");
        Sm2CertificationRequest csr = Sm2CertificationRequest.create(key,
                DistinguishedNames.parse("CN=gw2.example.test, O=gmgw, C=CN"), List.of("ignored.example.test"));
        Sm2Certificate cert = pki.caIssuer.fromRequest(CertificateProfile.ENCRYPTION, csr, List.of("gw2.example.test"),
                TestPki.LEAF_VALIDITY);
        assertEquals(csr.subject(), cert.subject());
        assertEquals(key.publicKey(), cert.publicKey());
        assertEquals(List.of("gw2.example.test"), cert.dnsNames(), "the CA decides the names, not the request");
        assertTrue(cert.isEncryptionCertificate());
        assertTrue(cert.isSignedBy(pki.module, pki.caKey.publicKey(), Sm2.defaultUserId()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"client_req.pem", "server_sign_req.pem"})
    void gmsslWrittenRequestsVerify(String file) {
        Sm2CertificationRequest csr = Sm2CertificationRequest.fromPem(Vectors.text("gmssl-pki/" + file));
        assertTrue(csr.isSelfSignatureValid(pki.module), file);
        assertTrue(csr.subject().toString().startsWith("C=CN,ST=Beijing"), csr.subject().toString());
    }

    @Test
    void aSignatureBitStringWithPadBitsIsMalformed() throws Exception {
        org.bouncycastle.asn1.pkcs.CertificationRequest good = org.bouncycastle.asn1.pkcs.CertificationRequest.getInstance(
                Sm2CertificationRequest.create(TestPki.newKey(pki.module, "r"), DistinguishedNames.parse("CN=x")).encoded());
        byte[] padded = new org.bouncycastle.asn1.pkcs.CertificationRequest(good.getCertificationRequestInfo(),
                good.getSignatureAlgorithm(), new org.bouncycastle.asn1.DERBitString(good.getSignature().getOctets(), 1))
                .getEncoded("DER");
        assertThrows(MalformedEncodingException.class, () -> Sm2CertificationRequest.fromDer(padded));
    }

    @Test
    void malformedRequestsAreMalformed() {
        byte[] der = Sm2CertificationRequest.create(TestPki.newKey(pki.module, "r"), DistinguishedNames.parse("CN=x"))
                .encoded();
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);
        assertThrows(MalformedEncodingException.class, () -> Sm2CertificationRequest.fromDer(trailing));
        assertThrows(MalformedEncodingException.class, () -> Sm2CertificationRequest.fromDer(new byte[] {0x30, 0x00}));
        assertThrows(MalformedEncodingException.class, () -> Sm2CertificationRequest.fromPem(""));
        assertThrows(MalformedEncodingException.class,
                () -> Sm2CertificationRequest.fromPem(Vectors.text("gmssl-pki/ca_cert.pem")));
    }
}
