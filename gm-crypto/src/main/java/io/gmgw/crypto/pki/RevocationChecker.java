package io.gmgw.crypto.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks one certificate against its issuer's CRLs (RFC 5280 §6.3, simplified to complete CRLs issued by the CA
 * itself — no delta, indirect or partitioned CRLs, which GM/T 0015 CAs do not need; {@link CrlScope} says which
 * are complete, whether or not their extensions are marked critical):
 * <ol>
 *   <li>the CRLs of the issuer are those whose issuer name equals its subject and whose authorityKeyIdentifier, when
 *       both are present, equals its subjectKeyIdentifier (so a re-keyed CA's old CRLs are not confused with the new);
 *   <li>none found: {@link FailureReason#CRL_MISSING} under {@link RevocationPolicy#REQUIRE}, no check otherwise;
 *   <li>every one of them must be authentic and usable, else {@link FailureReason#CRL_INVALID} — a forged or
 *       unreadable CRL in the configuration is an error to fix, not something to skip: the issuer must be allowed to
 *       sign CRLs (cRLSign when it has keyUsage, §4.2.1.3), the signature must verify with the issuer's key
 *       (§6.3.3 (f)), a complete CRL for the certificate ({@link CrlScope}), no unprocessed critical extension
 *       (§5.2), and nextUpdate present (§5.1.2.5);
 *   <li>of those valid at the instant (thisUpdate ≤ t ≤ nextUpdate), the newest (highest cRLNumber, then latest
 *       thisUpdate) decides; none valid: {@link FailureReason#CRL_EXPIRED} when they are all stale,
 *       {@link FailureReason#CRL_NOT_YET_VALID} otherwise;
 *   <li>the serial listed: {@link FailureReason#REVOKED} with the entry's date and reason (certificateHold too: the
 *       certificate is not usable while on hold).
 * </ol>
 */
final class RevocationChecker {
    private static final Comparator<Sm2Crl> NEWEST_LAST = Comparator
            .comparing((Sm2Crl c) -> c.crlNumber().orElse(java.math.BigInteger.valueOf(-1)))
            .thenComparing(Sm2Crl::thisUpdate);

    private final CryptoModule module;
    private final List<Sm2Crl> crls;
    private final RevocationPolicy policy;
    private final Function<Sm2Certificate, byte[]> issuerUserId;
    private final VerifiedSignatures verified;

    RevocationChecker(CryptoModule module, List<Sm2Crl> crls, RevocationPolicy policy,
            Function<Sm2Certificate, byte[]> issuerUserId, VerifiedSignatures verified) {
        this.module = module;
        this.crls = List.copyOf(crls);
        this.policy = policy;
        this.issuerUserId = issuerUserId;
        this.verified = verified;
    }

    /** Null when {@code cert} is not revoked (or need not be checked), the failure otherwise. */
    VerificationResult.Invalid check(Sm2Certificate cert, Sm2Certificate issuer, Instant at) {
        Current current = current(cert, "certificate " + cert, issuer, cert.isCa(), at);
        if (current.problem() != null) {
            return current.problem().reason() == FailureReason.CRL_MISSING && policy == RevocationPolicy.IF_PRESENT
                    ? null : current.problem();
        }
        Sm2Crl crl = current.crl();
        Optional<RevokedCertificate> entry = crl.find(cert.serialNumber());
        if (entry.isPresent()) {
            RevokedCertificate r = entry.get();
            return new VerificationResult.Invalid(FailureReason.REVOKED, cert, "certificate " + cert
                    + " was revoked on " + r.revocationDate() + " (reason " + r.reason().asn1Name() + ") by " + crl, r);
        }
        return null;
    }

    /**
     * Null when a CRL of the CA {@code ca} is configured, authentic and current at {@code at} (steps 1 to 4 above,
     * {@link FailureReason#CRL_MISSING} whatever the policy), the problem otherwise: what a verifier that requires
     * revocation checking would find for every certificate the CA issued.
     */
    VerificationResult.Invalid coverage(Sm2Certificate ca, Instant at) {
        return current(ca, "the certificates it issues", ca, false, at).problem();
    }

    /**
     * Null when {@code crl} can serve as a CRL of the CA {@code ca}: issued under its name and key identifier, the CA
     * may sign CRLs, the signature verifies, no unprocessed critical extension, a nextUpdate; the problem otherwise.
     */
    VerificationResult.Invalid authentic(Sm2Crl crl, Sm2Certificate ca) {
        if (!isIssuedBy(crl, ca)) {
            return new VerificationResult.Invalid(FailureReason.CRL_INVALID, ca, crl + " was not issued by CA "
                    + "certificate " + ca + " (another issuer name or authority key identifier)");
        }
        String what = "the certificates of '" + ca.subject() + "'";
        if (ca.hasKeyUsageExtension() && !ca.keyUsage().contains(KeyUsage.CRL_SIGN)) {
            return new VerificationResult.Invalid(FailureReason.CRL_INVALID, ca, "CA certificate " + ca
                    + " may not sign CRLs (its keyUsage lacks cRLSign, RFC 5280 §4.2.1.3), so " + crl
                    + " cannot be used to check " + what);
        }
        return unusable(crl, ca, what, ca, false);
    }

    /** Whether {@code crl} names {@code ca} as its issuer: subject name, and key identifier when both have one. */
    static boolean isIssuedBy(Sm2Crl crl, Sm2Certificate ca) {
        return crl.issuer().equals(ca.subject()) && keyIdsAgree(crl, ca);
    }

    /** The CRL that decides for certificates of {@code issuer} at {@code at}, or why there is none. */
    private record Current(Sm2Crl crl, VerificationResult.Invalid problem) {
    }

    private Current current(Sm2Certificate cert, String what, Sm2Certificate issuer, boolean forCa, Instant at) {
        List<Sm2Crl> ofIssuer = new ArrayList<>();
        for (Sm2Crl crl : crls) {
            if (isIssuedBy(crl, issuer)) {
                ofIssuer.add(crl);
            }
        }
        if (ofIssuer.isEmpty()) {
            return problem(new VerificationResult.Invalid(FailureReason.CRL_MISSING, cert, "no CRL of '"
                    + issuer.subject() + "' is configured, so " + what + " cannot be checked for revocation and the "
                    + "policy requires it; install the CA's current CRL"));
        }
        if (issuer.hasKeyUsageExtension() && !issuer.keyUsage().contains(KeyUsage.CRL_SIGN)) {
            return problem(new VerificationResult.Invalid(FailureReason.CRL_INVALID, cert, "CA certificate " + issuer
                    + " may not sign CRLs (its keyUsage lacks cRLSign, RFC 5280 §4.2.1.3), so its CRLs cannot be "
                    + "used to check " + what));
        }
        for (Sm2Crl crl : ofIssuer) {
            VerificationResult.Invalid unusable = unusable(crl, cert, what, issuer, forCa);
            if (unusable != null) {
                return problem(unusable);
            }
        }
        Optional<Sm2Crl> current = ofIssuer.stream()
                .filter(c -> !at.isBefore(c.thisUpdate()) && !at.isAfter(c.nextUpdate().orElseThrow()))
                .max(NEWEST_LAST);
        if (current.isEmpty()) {
            Sm2Crl newest = ofIssuer.stream().max(NEWEST_LAST).orElseThrow();
            boolean stale = ofIssuer.stream().anyMatch(c -> !at.isBefore(c.thisUpdate()));
            return problem(stale
                    ? new VerificationResult.Invalid(FailureReason.CRL_EXPIRED, cert, "the newest " + newest
                            + " was due to be replaced by " + newest.nextUpdate().orElseThrow() + " (checked at " + at
                            + "), so " + what + " cannot be checked for revocation; fetch the CA's current CRL")
                    : new VerificationResult.Invalid(FailureReason.CRL_NOT_YET_VALID, cert, "cannot check " + what
                            + " for revocation: every CRL of '" + issuer.subject() + "' starts after " + at
                            + " (the newest: " + newest + "); check the clock"));
        }
        return new Current(current.get(), null);
    }

    private static Current problem(VerificationResult.Invalid problem) {
        return new Current(null, problem);
    }

    private VerificationResult.Invalid unusable(Sm2Crl crl, Sm2Certificate cert, String what, Sm2Certificate issuer,
            boolean forCa) {
        Optional<String> incomplete = CrlScope.incompleteFor(crl.extensions(), forCa);
        if (incomplete.isPresent()) {
            return new VerificationResult.Invalid(FailureReason.CRL_INVALID, cert, "cannot check " + what
                    + " for revocation: " + crl + " is not a complete CRL: " + incomplete.get()
                    + "; configure the CA's complete CRL");
        }
        if (!crl.unsupportedCriticalExtensions().isEmpty()) {
            return new VerificationResult.Invalid(FailureReason.CRL_INVALID, cert, "cannot check " + what
                    + " for revocation: " + crl + " has critical extensions gmgw does not process ("
                    + crl.unsupportedCriticalExtensions() + "; delta, indirect or partitioned CRLs are not supported, "
                    + "RFC 5280 §5.2); configure the CA's complete CRL");
        }
        Sm2PublicKey issuerKey = issuer.publicKey();
        byte[] userId = issuerUserId.apply(issuer);
        if (!verified.check(crl.sm3(module), issuerKey, userId, () -> crl.isSignedBy(module, issuerKey, userId))) {
            return new VerificationResult.Invalid(FailureReason.CRL_INVALID, cert, "cannot check " + what
                    + " for revocation: the signature of " + crl + " does not verify with the key of CA certificate "
                    + issuer + "; the CRL was altered or signed by another key — replace it with the one the CA "
                    + "published");
        }
        if (crl.nextUpdate().isEmpty()) {
            return new VerificationResult.Invalid(FailureReason.CRL_INVALID, cert, "cannot check " + what
                    + " for revocation: " + crl + " has no nextUpdate (required by RFC 5280 §5.1.2.5), so its "
                    + "freshness cannot be judged");
        }
        return null;
    }

    private static boolean keyIdsAgree(Sm2Crl crl, Sm2Certificate issuer) {
        byte[] aki = crl.authorityKeyIdentifier();
        byte[] ski = issuer.subjectKeyIdentifier();
        return aki == null || ski == null || Arrays.equals(aki, ski);
    }
}
