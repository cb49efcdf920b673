package io.gmgw.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.core.MalformedEncodingException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.junit.jupiter.api.Test;

/** Parsed certificates found again by their bytes: the same object back, never anything else. */
class CertificateCacheTest {
    private static final TestPki PKI = new TestPki("certificate-cache");

    @Test
    void theSameBytesGiveTheObjectParsedTheFirstTime() {
        CertificateCache cache = CertificateCache.withCapacity(8);
        byte[] der = PKI.clientSign.encoded();
        Sm2Certificate first = cache.parse(der);
        assertEquals(PKI.clientSign, first);
        assertSame(first, cache.parse(der.clone()), "a copy of the bytes finds the same object");
        assertSame(first.publicKey(), cache.parse(der).publicKey(), "and with it the decoded key");
        assertEquals(1, cache.size());

        Sm2Certificate other = cache.parse(PKI.clientEnc.encoded());
        assertEquals(PKI.clientEnc, other);
        assertNotSame(first, other);
        assertEquals(2, cache.size());
    }

    @Test
    void theCallersArrayCanBeReusedAfterwards() {
        CertificateCache cache = CertificateCache.withCapacity(8);
        byte[] buffer = PKI.serverSign.encoded();
        Sm2Certificate kept = cache.parse(buffer);
        Arrays.fill(buffer, (byte) 0);
        assertArrayEquals(PKI.serverSign.encoded(), kept.encoded());
        assertSame(kept, cache.parse(PKI.serverSign.encoded()), "the key is the certificate's own copy");
    }

    @Test
    void bytesDifferingInOneBitAreNotTheSameCertificate() {
        CertificateCache cache = CertificateCache.withCapacity(8);
        byte[] der = PKI.serverEnc.encoded();
        cache.parse(der);
        byte[] flipped = der.clone();
        flipped[flipped.length - 1] ^= 1; // inside the signature: still parses, a different certificate
        Sm2Certificate changed = cache.parse(flipped);
        assertArrayEquals(flipped, changed.encoded());
        assertEquals(2, cache.size());
    }

    @Test
    void malformedInputFailsEveryTimeAndIsNotKept() {
        CertificateCache cache = CertificateCache.withCapacity(8);
        byte[] truncated = Arrays.copyOf(PKI.ca.encoded(), 100);
        assertThrows(MalformedEncodingException.class, () -> cache.parse(truncated));
        assertThrows(MalformedEncodingException.class, () -> cache.parse(truncated));
        assertEquals(0, cache.size());
    }

    @Test
    void theLeastRecentlyUsedGoesWhenFullAndZeroKeepsNothing() {
        CertificateCache cache = CertificateCache.withCapacity(2);
        Sm2Certificate a = cache.parse(PKI.root.encoded());
        cache.parse(PKI.ca.encoded());
        assertSame(a, cache.parse(PKI.root.encoded())); // root used last, so the CA is the eldest
        cache.parse(PKI.serverSign.encoded());
        assertEquals(2, cache.size());
        assertSame(a, cache.parse(PKI.root.encoded()), "root kept");

        CertificateCache none = CertificateCache.withCapacity(0);
        assertNotSame(none.parse(PKI.root.encoded()), none.parse(PKI.root.encoded()));
        assertEquals(0, none.size());
        assertThrows(IllegalArgumentException.class, () -> CertificateCache.withCapacity(-1));
    }

    @Test
    void anOversizedCertificateIsParsedButNotKept() {
        CertificateCache cache = CertificateCache.withCapacity(8);
        // A non-critical private extension makes it larger than any certificate worth keeping.
        Sm2Certificate big = Crafted.certificate(PKI.ca.subject(), "CN=big", PKI.clientSignKey.publicKey(),
                TestPki.ISSUED_AT, TestPki.ISSUED_AT.plus(TestPki.LEAF_VALIDITY))
                .extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), false,
                        new DEROctetString(new byte[CertificateCache.MAX_CACHED_LENGTH]))
                .signedBy(PKI.caKey);
        assertTrue(big.encoded().length > CertificateCache.MAX_CACHED_LENGTH);
        assertEquals(big, cache.parse(big.encoded()));
        assertEquals(0, cache.size());
    }
}
