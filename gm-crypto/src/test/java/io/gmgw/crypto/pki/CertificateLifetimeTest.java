package io.gmgw.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateLifetimeTest {
    private static final TestPki PKI = new TestPki("certificate-lifetime");
    private static final Duration MONTH = Duration.ofDays(30);

    private static CertificateLifetime.Finding finding(Instant at) {
        return CertificateLifetime.check("the signing certificate sign.cert.pem", PKI.serverSign, at, MONTH)
                .orElse(null);
    }

    @Test
    void expiredAndNotYetValidAreFatalAndSayWhatAndWhen() {
        Instant after = PKI.serverSign.notAfter().plusSeconds(1);
        CertificateLifetime.Finding expired = finding(after);
        assertEquals(CertificateLifetime.Kind.EXPIRED, expired.kind());
        assertTrue(expired.isFatal());
        String m = expired.message();
        assertTrue(m.startsWith("the signing certificate sign.cert.pem " + PKI.serverSign + " expired on "
                + PKI.serverSign.notAfter()), m);
        assertTrue(m.contains("valid from " + PKI.serverSign.notBefore() + " to " + PKI.serverSign.notAfter()), m);
        assertTrue(m.contains("now " + after) && m.contains("gmgw pki issue"), m);

        CertificateLifetime.Finding early = finding(PKI.serverSign.notBefore().minusSeconds(1));
        assertEquals(CertificateLifetime.Kind.NOT_YET_VALID, early.kind());
        assertTrue(early.isFatal());
        assertTrue(early.message().contains("check the system clock"), early.message());
    }

    @Test
    void theLastDaysAreAWarningAndTheRestIsQuiet() {
        CertificateLifetime.Finding soon = finding(PKI.serverSign.notAfter().minus(Duration.ofDays(10)));
        assertEquals(CertificateLifetime.Kind.EXPIRES_SOON, soon.kind());
        assertFalse(soon.isFatal());
        assertTrue(soon.message().contains("in 10 days"), soon.message());
        assertTrue(finding(PKI.serverSign.notAfter().minus(Duration.ofHours(5))).message().contains("in 5 hours"));
        assertEquals(null, finding(PKI.serverSign.notAfter().minus(MONTH).minusSeconds(1)));
        assertEquals(null, finding(TestPki.during()));
        assertTrue(finding(PKI.serverSign.notAfter()).kind() == CertificateLifetime.Kind.EXPIRES_SOON,
                "the last instant is still valid (RFC 5280 §4.1.2.5: notAfter is inclusive)");
    }
}
