package io.gmgw.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The verifier's memory of valid signatures: what it saves, and that it never lets anything through it should not. */
class VerifiedSignaturesTest {
    private static final TestPki PKI = new TestPki("verified-signatures");
    private static final Instant AT = TestPki.during();
    private static final byte[] ID = Sm2.defaultUserId();
    private final AtomicInteger verifications = new AtomicInteger();

    private BooleanSupplier answering(boolean result) {
        return () -> {
            verifications.incrementAndGet();
            return result;
        };
    }

    private static byte[] sm3(Sm2Certificate cert) {
        byte[] h = cert.sm3(PKI.module);
        assertArrayEquals(PKI.module.sm3().hash(cert.encoded()), h, "SM3 of the whole DER");
        assertSame(h, cert.sm3(PKI.module), "taken once per object");
        return h;
    }

    @Test
    void aValidSignatureIsVerifiedOnceForTheSameObjectKeyAndUserId() {
        VerifiedSignatures cache = new VerifiedSignatures(PKI.module, 16);
        Sm2PublicKey ca = PKI.ca.publicKey();
        byte[] der = sm3(PKI.serverSign);
        assertTrue(cache.check(der, ca, ID, answering(true)));
        assertTrue(cache.check(sm3(Sm2Certificate.fromDer(PKI.serverSign.encoded())), ca, ID, answering(true)));
        assertEquals(1, verifications.get(), "the same bytes (parsed again), key and ID: no second verification");

        assertTrue(cache.check(der, PKI.root.publicKey(), ID, answering(true)));
        assertTrue(cache.check(der, ca, "other".getBytes(StandardCharsets.US_ASCII), answering(true)));
        assertTrue(cache.check(sm3(PKI.serverEnc), ca, ID, answering(true)));
        assertEquals(4, verifications.get(), "another key, user ID or object is verified afresh");
    }

    @Test
    void aFailedVerificationIsNeverRemembered() {
        VerifiedSignatures cache = new VerifiedSignatures(PKI.module, 16);
        byte[] der = sm3(PKI.clientSign);
        assertFalse(cache.check(der, PKI.root.publicKey(), ID, answering(false)));
        assertFalse(cache.check(der, PKI.root.publicKey(), ID, answering(false)));
        assertEquals(2, verifications.get());
        assertEquals(0, cache.size());
    }

    @Test
    void theLeastRecentlyUsedEntryGoesWhenFullAndZeroMeansNoMemory() {
        VerifiedSignatures cache = new VerifiedSignatures(PKI.module, 2);
        Sm2PublicKey ca = PKI.ca.publicKey();
        byte[] a = sm3(PKI.serverSign);
        byte[] b = sm3(PKI.serverEnc);
        byte[] c = sm3(PKI.clientSign);
        cache.check(a, ca, ID, answering(true));
        cache.check(b, ca, ID, answering(true));
        cache.check(a, ca, ID, answering(true)); // a used last, so b is the eldest
        cache.check(c, ca, ID, answering(true));
        assertEquals(2, cache.size());
        assertEquals(3, verifications.get());
        cache.check(a, ca, ID, answering(true));
        assertEquals(3, verifications.get(), "a was kept");
        cache.check(b, ca, ID, answering(true));
        assertEquals(4, verifications.get(), "b was dropped");

        VerifiedSignatures none = new VerifiedSignatures(PKI.module, 0);
        none.check(a, ca, ID, answering(true));
        none.check(a, ca, ID, answering(true));
        assertEquals(6, verifications.get());
        assertEquals(0, none.size());
        assertThrows(IllegalArgumentException.class, () -> new VerifiedSignatures(PKI.module, -1));
        assertThrows(IllegalArgumentException.class,
                () -> CertificateVerifier.builder(PKI.module).verifiedSignatureCache(-1));
    }

    @Test
    void aDoubleCertificateChainSharesItsCaSignatureAndRepeatsCostNoVerification() {
        CertificateVerifier verifier = CertificateVerifier.builder(PKI.module).trustAnchor(PKI.root).build();
        List<Sm2Certificate> chain = List.of(PKI.clientSign, PKI.clientEnc, PKI.ca);
        assertTrue(verifier.verifyChain(chain, AT, CertificatePurpose.SIGNING).isValid());
        assertEquals(2, verifier.verifiedSignatures(), "CA by root, signing leaf by CA");
        assertTrue(verifier.verifyChain(chain, AT, CertificatePurpose.ENCRYPTION).isValid());
        assertEquals(3, verifier.verifiedSignatures(), "the CA's signature is shared by both chains");
        assertTrue(verifier.verifyChain(chain, AT, CertificatePurpose.SIGNING).isValid());
        assertEquals(3, verifier.verifiedSignatures());

        CertificateVerifier off = verifier.toBuilder().verifiedSignatureCache(0).build();
        assertTrue(off.verifyChain(chain, AT, CertificatePurpose.SIGNING).isValid());
        assertEquals(0, off.verifiedSignatures());
    }

    @Test
    void aRememberedSignatureStillLeavesValidityAndForgeriesToBeChecked() {
        CertificateVerifier verifier = CertificateVerifier.builder(PKI.module).trustAnchor(PKI.root).build();
        assertTrue(verifier.verify(PKI.serverSign, List.of(PKI.ca), AT, CertificatePurpose.SIGNING).isValid());
        Instant expired = TestPki.ISSUED_AT.plus(TestPki.LEAF_VALIDITY).plus(Duration.ofDays(1));
        VerificationResult late = verifier.verify(PKI.serverSign, List.of(PKI.ca), expired, CertificatePurpose.SIGNING);
        assertEquals(FailureReason.EXPIRED, ((VerificationResult.Invalid) late).reason());

        // Same subject, issuer name and key as the remembered leaf, but signed by a key that is not the CA's.
        Sm2Certificate forged = Crafted.certificate(PKI.ca.subject(), "CN=" + TestPki.SERVER_NAME,
                PKI.serverSignKey.publicKey(), TestPki.ISSUED_AT, TestPki.ISSUED_AT.plus(TestPki.LEAF_VALIDITY))
                .signedBy(PKI.clientSignKey);
        for (int i = 0; i < 2; i++) {
            VerificationResult r = verifier.verify(forged, List.of(PKI.ca), AT, CertificatePurpose.ANY);
            assertEquals(FailureReason.BAD_SIGNATURE, ((VerificationResult.Invalid) r).reason());
        }
    }
}
