package io.gmgw.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.TlcpTranscripts;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DoubleCertificatesTest {
    private static final TestPki PKI = new TestPki("double");

    @Test
    void thePairIsFoundInEitherOrderAndAmongItsChain() {
        for (List<Sm2Certificate> list : List.of(List.of(PKI.serverSign, PKI.serverEnc),
                List.of(PKI.serverEnc, PKI.serverSign), List.of(PKI.ca, PKI.serverEnc, PKI.root, PKI.serverSign))) {
            DoubleCertificates pair = DoubleCertificates.select(list);
            assertEquals(PKI.serverSign, pair.signing());
            assertEquals(PKI.serverEnc, pair.encryption());
        }
    }

    @Test
    void theTlcpTranscriptPairsAreFoundInBothOrders() {
        Map<String, String> pem = TlcpTranscripts.pemFields("kona-E013-mutual");
        for (String side : List.of("server", "client")) {
            Sm2Certificate sign = Sm2Certificate.fromPem(pem.get(side + "_sign_cert_pem")).get(0);
            Sm2Certificate enc = Sm2Certificate.fromPem(pem.get(side + "_enc_cert_pem")).get(0);
            assertEquals(new DoubleCertificates(sign, enc), DoubleCertificates.select(List.of(enc, sign)));
            assertEquals(new DoubleCertificates(sign, enc), DoubleCertificates.select(List.of(sign, enc)));
        }
    }

    @Test
    void twoSigningCertificatesAreRefusedClearly() {
        DoubleCertificateException e = assertThrows(DoubleCertificateException.class,
                () -> DoubleCertificates.select(List.of(PKI.serverSign, PKI.clientSign)));
        assertEquals(DoubleCertificateException.Problem.SEVERAL_SIGNING, e.problem());
        assertTrue(e.getMessage().contains("2 signing certificates") && e.getMessage().contains("alice"), e.getMessage());
        assertEquals(DoubleCertificateException.Problem.SEVERAL_ENCRYPTION, assertThrows(DoubleCertificateException.class,
                () -> DoubleCertificates.select(List.of(PKI.serverSign, PKI.serverEnc, PKI.clientEnc))).problem());
    }

    @Test
    void aMissingHalfIsRefusedClearly() {
        DoubleCertificateException noEnc = assertThrows(DoubleCertificateException.class,
                () -> DoubleCertificates.select(List.of(PKI.clientSign, PKI.ca)));
        assertEquals(DoubleCertificateException.Problem.NO_ENCRYPTION, noEnc.problem());
        assertTrue(noEnc.getMessage().contains("keyEncipherment"), noEnc.getMessage());
        assertEquals(DoubleCertificateException.Problem.NO_SIGNING, assertThrows(DoubleCertificateException.class,
                () -> DoubleCertificates.select(List.of(PKI.clientEnc))).problem());
        assertEquals(DoubleCertificateException.Problem.NO_SIGNING, assertThrows(DoubleCertificateException.class,
                () -> DoubleCertificates.select(new ArrayList<>())).problem());
        // One half alone can still be picked (one-way TLCP clients have only a signing certificate).
        assertEquals(PKI.clientSign, DoubleCertificates.selectSigning(List.of(PKI.ca, PKI.clientSign)));
    }

    @Test
    void aCertificateWithBothKindsOfUsageCannotBePlaced() {
        Sm2Certificate both = Crafted.certificate(PKI.ca.subject(), "CN=both", PKI.clientSignKey.publicKey(),
                TestPki.ISSUED_AT, TestPki.ISSUED_AT.plus(TestPki.LEAF_VALIDITY))
                .keyUsage(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT)).signedBy(PKI.caKey);
        assertEquals(DoubleCertificateException.Problem.MIXED_USAGE, assertThrows(DoubleCertificateException.class,
                () -> DoubleCertificates.select(List.of(PKI.serverSign, both))).problem());
    }

    @Test
    void theSameCertificateTwiceCountsOnce() {
        assertEquals(PKI.serverSign, DoubleCertificates.selectSigning(List.of(PKI.serverSign, PKI.serverSign)));
    }
}
