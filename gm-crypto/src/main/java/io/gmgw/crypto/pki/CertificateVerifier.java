package io.gmgw.crypto.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies SM2 certificate paths (RFC 5280 §6 for GM/T 0015 certificates): builds a path from the end entity to a
 * trust anchor through presented and configured intermediates ({@link PathBuilder}), then checks every signature,
 * validity period, CA constraint, critical extension, CRL and the end entity's key usage ({@link PathValidator},
 * {@link RevocationChecker}). A trust anchor may be a root or an intermediate (a partial chain ends there).
 *
 * <p>Immutable and thread-safe: built once from configuration ({@link #builder(CryptoModule)}), shared by every
 * connection; new CRLs make a new verifier ({@link #toBuilder()}). Each failed verification logs one line on the
 * {@code pki} logger and returns {@link VerificationResult.Invalid}; nothing is skipped after a failure.
 *
 * <p>SM2 user IDs: GM/T 0015 signs certificates and CRLs with the default ID {@code 1234567812345678}. Certificates
 * from CAs that used another ID (OpenSSL 3 signs with an empty ID unless told otherwise) verify when the ID is set for
 * the certificate ({@link Builder#userIdForCertificate}) or for its issuer ({@link Builder#userIdForIssuer}, which
 * also applies to the issuer's CRLs); the most specific setting wins.
 */
public final class CertificateVerifier {
    private static final Logger LOG = LoggerFactory.getLogger("pki");

    /** Default bound on a path, end entity and anchor included: root → two CAs → leaf, with room to spare. */
    public static final int DEFAULT_MAX_PATH_LENGTH = 8;
    /** A peer presenting more certificates than this is refused before any path building (TLCP sends 3 or 4). */
    public static final int MAX_PRESENTED = 32;

    private final CryptoModule module;
    private final List<Sm2Certificate> anchors;
    private final List<Sm2Certificate> intermediates;
    private final List<Sm2Crl> crls;
    private final RevocationPolicy revocationPolicy;
    private final byte[] defaultUserId;
    private final Map<Sm2Certificate, byte[]> userIdByCertificate;
    private final Map<Sm2PublicKey, byte[]> userIdByIssuerKey;
    private final int maxPathLength;
    private final int verifiedSignatureCache;
    private final VerifiedSignatures verified;
    private final PathValidator validator;
    private final RevocationChecker revocation;

    private CertificateVerifier(Builder b) {
        this.module = b.module;
        this.anchors = List.copyOf(b.anchors);
        this.intermediates = List.copyOf(b.intermediates);
        this.crls = List.copyOf(b.crls);
        this.revocationPolicy = b.revocationPolicy;
        this.defaultUserId = b.defaultUserId.clone();
        this.userIdByCertificate = Map.copyOf(b.userIdByCertificate);
        this.userIdByIssuerKey = Map.copyOf(b.userIdByIssuerKey);
        this.maxPathLength = b.maxPathLength;
        this.verifiedSignatureCache = b.verifiedSignatureCache;
        this.verified = new VerifiedSignatures(module, verifiedSignatureCache);
        this.revocation = new RevocationChecker(module, crls, revocationPolicy, this::issuerUserId, verified);
        this.validator = new PathValidator(module, revocation, this::userId, verified);
    }

    public static Builder builder(CryptoModule module) {
        return new Builder(module);
    }

    /** A builder holding this verifier's configuration, to derive one with, say, fresh CRLs. */
    public Builder toBuilder() {
        Builder b = new Builder(module);
        b.anchors.addAll(anchors);
        b.intermediates.addAll(intermediates);
        b.crls.addAll(crls);
        b.revocationPolicy = revocationPolicy;
        b.defaultUserId = defaultUserId.clone();
        b.userIdByCertificate.putAll(userIdByCertificate);
        b.userIdByIssuerKey.putAll(userIdByIssuerKey);
        b.maxPathLength = maxPathLength;
        b.verifiedSignatureCache = verifiedSignatureCache;
        return b;
    }

    CryptoModule module() {
        return module;
    }

    /** How many signatures are remembered as verified now (for tests and status output). */
    int verifiedSignatures() {
        return verified.size();
    }

    public List<Sm2Certificate> trustAnchors() {
        return anchors;
    }

    /** The configured intermediate CA certificates (untrusted, for building paths). */
    public List<Sm2Certificate> intermediates() {
        return intermediates;
    }

    /** The configured CRLs. */
    public List<Sm2Crl> crls() {
        return crls;
    }

    public RevocationPolicy revocationPolicy() {
        return revocationPolicy;
    }

    /**
     * Whether this verifier holds a CRL of the CA {@code ca} that is authentic (signed by {@code ca}'s key, which may
     * sign CRLs) and current at {@code at}: empty when it does, else the problem ({@link FailureReason#CRL_MISSING},
     * {@link FailureReason#CRL_INVALID}, {@link FailureReason#CRL_EXPIRED}, {@link FailureReason#CRL_NOT_YET_VALID}),
     * whatever the revocation policy. A server checks its trust anchors this way at start, rather than let every
     * client fail later.
     */
    public java.util.Optional<VerificationResult.Invalid> crlProblem(Sm2Certificate ca, Instant at) {
        return java.util.Optional.ofNullable(revocation.coverage(Objects.requireNonNull(ca, "ca"),
                Objects.requireNonNull(at, "at")));
    }

    /** Verifies {@code leaf} now (module clock) through the configured intermediates. */
    public VerificationResult verify(Sm2Certificate leaf, CertificatePurpose purpose) {
        return verify(leaf, List.of(), module.clock().instant(), purpose);
    }

    /**
     * Verifies {@code leaf} at {@code at} for {@code purpose}; {@code presented} are extra certificates (the peer's
     * chain, in any order, possibly including the leaf, the anchor or unrelated certificates).
     */
    public VerificationResult verify(Sm2Certificate leaf, Collection<Sm2Certificate> presented, Instant at,
            CertificatePurpose purpose) {
        return verify(leaf, presented, at, purpose, null);
    }

    /**
     * As {@link #verify(Sm2Certificate, Collection, Instant, CertificatePurpose)}, and the end entity must name
     * {@code extendedKeyUsage} (when not null) in its extendedKeyUsage extension (RFC 5280 §4.2.1.12; an absent
     * extension or anyExtendedKeyUsage alone is {@link FailureReason#WRONG_KEY_USAGE}).
     */
    public VerificationResult verify(Sm2Certificate leaf, Collection<Sm2Certificate> presented, Instant at,
            CertificatePurpose purpose, ASN1ObjectIdentifier extendedKeyUsage) {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(purpose, "purpose");
        if (presented.size() > MAX_PRESENTED) {
            return logged(new VerificationResult.Invalid(FailureReason.MALFORMED, leaf, presented.size()
                    + " certificates presented with " + leaf + "; at most " + MAX_PRESENTED + " are accepted"));
        }
        List<Sm2Certificate> others = new ArrayList<>(presented);
        others.addAll(intermediates);
        PathBuilder paths = new PathBuilder(anchors, others, maxPathLength);
        VerificationResult[] outcome = new VerificationResult[1];
        boolean valid = paths.search(leaf, path -> {
            VerificationResult r = validator.validate(path, at, purpose, extendedKeyUsage);
            if (outcome[0] == null || r.isValid()) {
                // The first complete path's failure is reported: paths are tried shortest and most trusted first.
                outcome[0] = r;
            }
            return r.isValid();
        });
        if (valid) {
            VerificationResult.Valid v = (VerificationResult.Valid) outcome[0];
            LOG.debug("certificate {} verified for {} through {} certificate(s) to trust anchor {}", leaf, purpose,
                    v.path().size(), v.trustAnchor());
            return v;
        }
        if (outcome[0] instanceof VerificationResult.Invalid failure) {
            return logged(failure);
        }
        return logged(noPath(leaf, paths));
    }

    /**
     * Verifies a presented chain in any order: the end entity is the certificate that issues none of the others; when
     * there are several (a TLCP pair sends its signing and encryption certificates together), the one whose keyUsage
     * fits {@code purpose}.
     */
    public VerificationResult verifyChain(List<Sm2Certificate> presented, Instant at, CertificatePurpose purpose) {
        if (presented.isEmpty()) {
            return logged(new VerificationResult.Invalid(FailureReason.MALFORMED, null, "no certificate presented"));
        }
        if (presented.size() > MAX_PRESENTED) {
            return logged(new VerificationResult.Invalid(FailureReason.MALFORMED, presented.get(0), presented.size()
                    + " certificates presented; at most " + MAX_PRESENTED + " are accepted"));
        }
        List<Sm2Certificate> ends = EndEntities.of(presented, purpose);
        if (ends.size() != 1) {
            return logged(new VerificationResult.Invalid(FailureReason.MALFORMED, presented.get(0), ends.isEmpty()
                    ? "the presented certificates issue each other in a loop; there is no end-entity certificate"
                    : "the presented chain has " + ends.size() + " end-entity certificates for " + purpose + " "
                            + ends + "; it should have one"));
        }
        return verify(ends.get(0), presented, at, purpose);
    }

    /** As {@link #verifyChain}, from DER as received; an unreadable certificate is {@link FailureReason#MALFORMED}. */
    public VerificationResult verifyEncodedChain(List<byte[]> presented, Instant at, CertificatePurpose purpose) {
        if (presented.size() > MAX_PRESENTED) {
            return logged(new VerificationResult.Invalid(FailureReason.MALFORMED, null, presented.size()
                    + " certificates presented; at most " + MAX_PRESENTED + " are accepted"));
        }
        List<Sm2Certificate> certs = new ArrayList<>();
        for (int i = 0; i < presented.size(); i++) {
            try {
                certs.add(Sm2Certificate.fromDer(presented.get(i)));
            } catch (MalformedEncodingException e) {
                return logged(new VerificationResult.Invalid(FailureReason.MALFORMED, null, "presented certificate #"
                        + (i + 1) + " cannot be used: " + e.getMessage()));
            }
        }
        return verifyChain(certs, at, purpose);
    }

    private VerificationResult.Invalid noPath(Sm2Certificate leaf, PathBuilder paths) {
        if (paths.exhausted()) {
            return new VerificationResult.Invalid(FailureReason.PATH_TOO_LONG, leaf, "gave up building a path from "
                    + leaf + " after visiting " + PathBuilder.MAX_VISITS + " candidate issuers; the presented and "
                    + "configured certificates contain too many same-named CAs");
        }
        if (paths.truncated() && paths.deadEnd() == null) {
            return new VerificationResult.Invalid(FailureReason.PATH_TOO_LONG, leaf, "no path from " + leaf
                    + " reaches a trust anchor within " + maxPathLength + " certificates");
        }
        Sm2Certificate top = paths.deadEnd() != null ? paths.deadEnd() : leaf;
        String why = top.isSelfIssued()
                ? "certificate " + top + " is self-signed but not a trust anchor"
                : "certificate " + top + " was issued by '" + top.issuer() + "', which is neither a trust anchor "
                        + "nor among the presented or configured intermediates";
        String chain = top.equals(leaf) ? "" : " (on the path from " + leaf + ")";
        return new VerificationResult.Invalid(FailureReason.UNKNOWN_CA, top, why + chain
                + "; trust the issuing root or intermediate CA, or have the peer send its chain");
    }

    /** Null when {@code crl} is an authentic, usable CRL of {@code ca} for this verifier (see RevocationChecker). */
    VerificationResult.Invalid crlAuthenticity(Sm2Crl crl, Sm2Certificate ca) {
        return revocation.authentic(crl, ca);
    }

    private static VerificationResult logged(VerificationResult.Invalid failure) {
        LOG.warn("certificate verification failed: {} {}", failure.reason(), failure.message());
        return failure;
    }

    private byte[] userId(Sm2Certificate cert, Sm2Certificate issuer) {
        byte[] id = userIdByCertificate.get(cert);
        return id != null ? id : issuerUserId(issuer);
    }

    private byte[] issuerUserId(Sm2Certificate issuer) {
        byte[] id = userIdByIssuerKey.get(issuer.publicKey());
        return id != null ? id : defaultUserId;
    }

    /** Configuration of a {@link CertificateVerifier}; not thread-safe, used once at startup or reload. */
    public static final class Builder {
        private final CryptoModule module;
        private final List<Sm2Certificate> anchors = new ArrayList<>();
        private final List<Sm2Certificate> intermediates = new ArrayList<>();
        private final List<Sm2Crl> crls = new ArrayList<>();
        private RevocationPolicy revocationPolicy = RevocationPolicy.IF_PRESENT;
        private byte[] defaultUserId = Sm2.defaultUserId();
        private final Map<Sm2Certificate, byte[]> userIdByCertificate = new HashMap<>();
        private final Map<Sm2PublicKey, byte[]> userIdByIssuerKey = new HashMap<>();
        private int maxPathLength = DEFAULT_MAX_PATH_LENGTH;
        private int verifiedSignatureCache = VerifiedSignatures.DEFAULT_CAPACITY;

        private Builder(CryptoModule module) {
            this.module = Objects.requireNonNull(module, "module");
        }

        /** Trusts {@code anchor}: a root, or an intermediate CA to accept partial chains ending there. */
        public Builder trustAnchor(Sm2Certificate anchor) {
            anchors.add(Objects.requireNonNull(anchor, "anchor"));
            return this;
        }

        public Builder trustAnchors(Collection<Sm2Certificate> certificates) {
            certificates.forEach(this::trustAnchor);
            return this;
        }

        /** Untrusted CA certificates available for building paths (a chain file beside the CA bundle). */
        public Builder intermediates(Collection<Sm2Certificate> certificates) {
            certificates.forEach(c -> intermediates.add(Objects.requireNonNull(c, "intermediate")));
            return this;
        }

        /** CRLs to check certificates against; their issuers are matched by name and key identifier. */
        public Builder crls(Collection<Sm2Crl> list) {
            list.forEach(c -> crls.add(Objects.requireNonNull(c, "crl")));
            return this;
        }

        /** Drops the configured CRLs (with {@link #toBuilder()}, to replace them). */
        public Builder clearCrls() {
            crls.clear();
            return this;
        }

        public Builder revocationPolicy(RevocationPolicy policy) {
            this.revocationPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The SM2 user ID for signatures without a more specific setting (default {@code 1234567812345678}). */
        public Builder defaultUserId(byte[] userId) {
            this.defaultUserId = checkedId(userId);
            return this;
        }

        /** The SM2 user ID with which {@code issuer}'s key signed its certificates and CRLs. */
        public Builder userIdForIssuer(Sm2Certificate issuer, byte[] userId) {
            userIdByIssuerKey.put(issuer.publicKey(), checkedId(userId));
            return this;
        }

        /** The SM2 user ID with which {@code certificate} itself was signed. */
        public Builder userIdForCertificate(Sm2Certificate certificate, byte[] userId) {
            userIdByCertificate.put(Objects.requireNonNull(certificate, "certificate"), checkedId(userId));
            return this;
        }

        /** The longest path accepted, in certificates, end entity and anchor included (at least 1). */
        public Builder maxPathLength(int certificates) {
            if (certificates < 1 || certificates > MAX_PRESENTED) {
                throw new IllegalArgumentException("maximum path length must be 1.." + MAX_PRESENTED + ", got "
                        + certificates);
            }
            this.maxPathLength = certificates;
            return this;
        }

        /**
         * How many certificate and CRL signatures found valid are remembered, so that the same CA certificate, CRL or
         * returning client certificate is not verified again (default {@value VerifiedSignatures#DEFAULT_CAPACITY},
         * about 0.1 KiB each; 0 verifies every signature every time). Validity and revocation are checked every time.
         */
        public Builder verifiedSignatureCache(int entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("verified-signature cache size must be 0 or more, got " + entries);
            }
            this.verifiedSignatureCache = entries;
            return this;
        }

        public CertificateVerifier build() {
            if (anchors.isEmpty()) {
                throw new IllegalStateException("a certificate verifier needs at least one trust anchor");
            }
            return new CertificateVerifier(this);
        }

        private static byte[] checkedId(byte[] userId) {
            Objects.requireNonNull(userId, "userId");
            if (userId.length > Sm2.MAX_USER_ID_LENGTH) {
                throw new IllegalArgumentException("SM2 user ID of " + userId.length + " bytes is too long");
            }
            return userId.clone();
        }
    }
}
