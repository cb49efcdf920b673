package io.gmgw.crypto.pki;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.core.MalformedEncodingException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every one-bit change of a certificate, CRL or request (the low and the high bit of each byte) is either refused as
 * malformed or read and then refused by the checks; nothing else escapes and nothing altered verifies. Bouncy Castle
 * decodes some fields lazily and reports bad ones with assorted runtime exceptions, which is what this guards.
 */
class MutatedInputTest {
    private static final TestPki PKI = new TestPki("mutations");
    private final CertificateVerifier verifier = CertificateVerifier.builder(PKI.module).trustAnchor(PKI.root).build();

    @Test
    void mutatedCertificatesAreMalformedOrRefused() {
        Map<FailureReason, Integer> seen = new EnumMap<>(FailureReason.class);
        for (Sm2Certificate target : List.of(PKI.serverSign, PKI.ca)) {
            for (byte[] der : mutations(target.encoded())) {
                List<byte[]> chain = target == PKI.ca ? List.of(PKI.serverSign.encoded(), der)
                        : List.of(der, PKI.ca.encoded());
                VerificationResult r = verifier.verifyEncodedChain(chain, TestPki.during(), CertificatePurpose.SIGNING);
                assertFalse(r.isValid(), "an altered certificate verified");
                seen.merge(((VerificationResult.Invalid) r).reason(), 1, Integer::sum);
            }
        }
        assertTrue(seen.containsKey(FailureReason.MALFORMED) && seen.containsKey(FailureReason.BAD_SIGNATURE), seen::toString);
    }

    @Test
    void mutatedCrlsAreMalformedOrRefused() {
        Sm2Crl crl = new CrlIssuer(PKI.module, PKI.ca, PKI.caKey).issue(BigInteger.ONE, Duration.ofDays(60),
                List.of(RevokedCertificate.of(PKI.clientSign, TestPki.ISSUED_AT, RevocationReason.SUPERSEDED)));
        // The CA as anchor and REQUIRE: only an authentic, current CRL of the CA that does not list the certificate
        // could let it pass, and the one CRL given lists it.
        CertificateVerifier strict = CertificateVerifier.builder(PKI.module).trustAnchor(PKI.ca)
                .revocationPolicy(RevocationPolicy.REQUIRE).build();
        assertFalse(strict.toBuilder().crls(List.of(crl)).build().verify(PKI.clientSign, CertificatePurpose.SIGNING)
                .isValid());
        int parsed = check(crl.encoded(), Sm2Crl::fromDer, mutated -> {
            mutated.revoked();
            mutated.toString();
            VerificationResult r = strict.toBuilder().crls(List.of(mutated)).build()
                    .verify(PKI.clientSign, List.of(), TestPki.during(), CertificatePurpose.SIGNING);
            return !r.isValid();
        });
        assertTrue(parsed > 0);
    }

    @Test
    void mutatedRequestsAreMalformedOrFailTheirSelfSignature() {
        byte[] der = Sm2CertificationRequest.create(PKI.serverSignKey, DistinguishedNames.parse("CN=gw, O=gmgw, C=CN"),
                List.of("gw.example.test")).encoded();
        int parsed = check(der, Sm2CertificationRequest::fromDer, csr -> {
            csr.subject().toString();
            csr.requestedDnsNames();
            return !csr.isSelfSignatureValid(PKI.module);
        });
        assertTrue(parsed > 0);
    }

    /** Parses every mutation; each must be malformed or refused by {@code refused}. Returns how many parsed. */
    private static <T> int check(byte[] der, Function<byte[], T> parse, Function<T, Boolean> refused) {
        int parsed = 0;
        for (byte[] m : mutations(der)) {
            T value;
            try {
                value = parse.apply(m);
            } catch (MalformedEncodingException e) {
                continue;
            }
            parsed++;
            assertTrue(refused.apply(value), "an altered structure was accepted");
        }
        return parsed;
    }

    private static List<byte[]> mutations(byte[] der) {
        List<byte[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < der.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] m = der.clone();
                m[i] ^= (byte) bit;
                out.add(m);
            }
        }
        return out;
    }
}
