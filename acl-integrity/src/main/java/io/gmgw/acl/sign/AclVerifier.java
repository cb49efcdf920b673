package io.gmgw.acl.sign;

import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.format.AclFormatException;
import io.gmgw.acl.format.Canonicalization;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.cms.CmsSignedData;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.pki.CertificatePurpose;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.ExtendedKeyUsages;
import io.gmgw.crypto.pki.KeyUsage;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.crypto.pki.VerificationResult;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a signed ACL and reports on it ({@link AclVerification}). The checks, in order (the first failure decides
 * the verdict): the CMS is well-formed and signed by its included signer certificate; the file is the signed content
 * (exact bytes, or — when canonical matching is accepted — the same canonical form, under the canonicalisation the
 * manifest names); the signer's path reaches a trust anchor now, for signing (with the purpose the signer policy asks
 * for), not revoked (by a given CRL, or — when revocation is required — by a current CRL of every issuer); the signer
 * policy, when given, allows the signer; and, with an audit chain, the chain is intact and this is the newest version
 * of the ACL in it. Every verification is also an audit event ({@code audit} logger).
 */
public final class AclVerifier {
    private static final Logger LOG = LoggerFactory.getLogger("acl");
    private static final HexFormat HEX = HexFormat.of();
    /** How the report names the SM2 user ID used for the signature. */
    public static final String DEFAULT_ID_LABEL = "1234567812345678 (GM/T 0009 default)";

    private final CryptoModule module;
    private final CertificateVerifier certificates;
    private final boolean acceptCanonical;
    private final AclHistory chain;
    private final AclSignerPolicy policy;
    private final Audit audit;

    private AclVerifier(Builder b) {
        this.module = b.module;
        this.certificates = CertificateVerifier.builder(b.module).trustAnchors(b.anchors).crls(b.crls)
                .revocationPolicy(b.revocation).build();
        this.acceptCanonical = b.acceptCanonical;
        this.chain = b.chain;
        this.policy = b.policy;
        this.audit = b.audit != null ? b.audit : b.module.audit();
    }

    public static Builder builder(CryptoModule module) {
        return new Builder(module);
    }

    public static final class Builder {
        private final CryptoModule module;
        private List<Sm2Certificate> anchors = List.of();
        private List<Sm2Crl> crls = List.of();
        private boolean acceptCanonical;
        private AclHistory chain;
        private AclSignerPolicy policy;
        private RevocationPolicy revocation = RevocationPolicy.IF_PRESENT;
        private Audit audit;

        private Builder(CryptoModule module) {
            this.module = Objects.requireNonNull(module, "module");
        }

        public Builder trustAnchors(List<Sm2Certificate> anchors) {
            this.anchors = List.copyOf(anchors);
            return this;
        }

        public Builder crls(List<Sm2Crl> crls) {
            this.crls = List.copyOf(crls);
            return this;
        }

        /** Accept a file whose bytes differ from the signed ones only in what the canonical form ignores. */
        public Builder acceptCanonical(boolean accept) {
            this.acceptCanonical = accept;
            return this;
        }

        /** Check the signed version against this history, the audit chain (rollback, chain breaks). */
        public Builder auditChain(AclHistory chain) {
            this.chain = chain;
            return this;
        }

        /** Only signers this policy allows (null: any certificate that chains to an anchor and may sign). */
        public Builder signerPolicy(AclSignerPolicy policy) {
            this.policy = policy;
            return this;
        }

        /**
         * {@link RevocationPolicy#REQUIRE}: every certificate of the signer's path must be covered by a current CRL of
         * its issuer (the gateway's guard); the default, {@link RevocationPolicy#IF_PRESENT}, checks those whose
         * issuer's CRL is given.
         */
        public Builder revocation(RevocationPolicy revocation) {
            this.revocation = Objects.requireNonNull(revocation, "revocation");
            return this;
        }

        /** Where each verification is recorded ({@code acl.verify}); by default the module's audit. */
        public Builder audit(Audit audit) {
            this.audit = audit;
            return this;
        }

        public AclVerifier build() {
            if (anchors.isEmpty()) {
                throw new IllegalArgumentException("verifying an ACL needs at least one trust anchor");
            }
            return new AclVerifier(this);
        }
    }

    /** Verifies {@code content} (named {@code fileName} in the report) against the DER CMS {@code cms}. */
    public AclVerification verify(String fileName, byte[] content, String signatureName, byte[] cms) {
        AclVerification report = check(fileName, content, signatureName, cms);
        auditVerification(report);
        return report;
    }

    /** The {@code acl.verify} audit event of one verification, through the module's audit. */
    private void auditVerification(AclVerification report) {
        Audit.Entry e = report.valid() ? audit.success(AuditEventType.ACL_VERIFY)
                : audit.failure(AuditEventType.ACL_VERIFY, report.message());
        // What could not be read before the failure (no signature, no signer) is simply left out.
        var signature = report.signature();
        var policy = report.signerPolicy();
        e.object(report.file()).subject(report.signer() == null ? null : report.signer().subject())
                .correlate("sm3", report.sm3())
                .correlate("version", signature == null || signature.manifest() == null ? null
                        : Long.toString(signature.manifest().aclVersion()))
                .detail("verdict", report.verdict())
                .detail("signerPolicy", policy == null || policy.policy() == null ? "none" : policy.result())
                .write();
    }

    private AclVerification check(String fileName, byte[] content, String signatureName, byte[] cmsBytes) {
        byte[] sm3 = module.sm3().hash(content);
        String sm3Hex = HEX.formatHex(sm3);
        Draft d = new Draft(fileName, content.length, sm3Hex, signatureName);
        CmsSignedData cms;
        Optional<AclManifest> manifest;
        try {
            cms = CmsSignedData.parse(cmsBytes);
            manifest = AclManifest.of(cms);
        } catch (MalformedEncodingException | AclSignatureFormatException | AclFormatException e) {
            describeContent(d, content, Optional.empty());
            return d.finish(AclVerdict.MALFORMED, signatureName + " is not a usable SM2 CMS signature: "
                    + e.getMessage());
        }
        d.signature = new AclVerification.Signature(name(cms.contentType().getId()), cms.digestAlgorithm().getId()
                + " (SM3)", cms.signatureAlgorithm().getId() + " (" + (cms.signatureAlgorithm().getId()
                .endsWith(".501") ? "SM3withSM2" : "sm2-1, GM/T 0010") + ")",
                cms.signingTime().map(Instant::toString).orElse(null), DEFAULT_ID_LABEL,
                HEX.formatHex(cms.messageDigest()), manifest.map(AclVerification.Manifest::of).orElse(null));
        Sm2Certificate s = cms.signer();
        d.signer = new AclVerification.Signer(s.subject().toString(), s.serialHex(),
                s.subjectKeyIdentifier() == null ? null : HEX.formatHex(s.subjectKeyIdentifier()),
                s.issuer().toString(), s.notBefore().toString(), s.notAfter().toString(), s.fingerprintSm3(module),
                s.hasKeyUsageExtension() ? KeyUsage.describe(s.keyUsage()) : "(no keyUsage extension)",
                s.hasExtendedKeyUsageExtension() ? ExtendedKeyUsages.describe(s.extendedKeyUsages()) : "(none)");
        AclSignerPolicy.Decision allowed = policy == null ? null : policy.evaluate(module, s);
        d.signerPolicy = new AclVerification.SignerPolicy(policy == null ? null : policy.describe(),
                allowed == null ? null : allowed.allowed(), allowed == null ? null : allowed.reason());
        Optional<Canonicalization> rules = manifest.flatMap(m -> Canonicalization.fromId(m.canonicalization()));
        if (manifest.isPresent() && rules.isEmpty()) {
            describeContent(d, content, Optional.empty());
            return d.finish(AclVerdict.MALFORMED, signatureName + " names canonicalisation '"
                    + manifest.get().canonicalization() + "', which this gmgw does not know (it knows "
                    + Canonicalization.known() + "): it was signed by a newer gmgw. Verify it with that version, or "
                    + "re-sign the file with this one (gmgw acl sign)");
        }
        boolean compared = rules.map(Canonicalization::compared).orElse(false);
        boolean canonicalMatch = describeContent(d, content, manifest) && compared;
        if (manifest.isEmpty()) {
            d.canonicalProblem = "the signature has no gmgw manifest, so no canonical digest";
        } else if (!compared) {
            d.canonicalProblem = "signed under " + rules.get() + ", which this gmgw no longer compares ("
                    + rules.get().retiredBecause().orElseThrow() + "): only the exact bytes count. Re-sign the file "
                    + "(gmgw acl sign) to record " + Canonicalization.CURRENT;
        }
        boolean exact = cms.digestMatchesSm3(sm3);
        d.content = new AclVerification.Content(exact, d.canonicalSm3 == null || !compared ? null : canonicalMatch,
                acceptCanonical ? "canonical (changes the canonical form ignores are accepted)"
                        : "exact bytes (any change fails)", d.canonicalProblem);

        if (!cms.signatureValid(module)) {
            return d.finish(AclVerdict.SIGNATURE_INVALID, "the SM2 signature in " + signatureName + " does not verify "
                    + "with the signer certificate's key (signature or signed attributes altered)");
        }
        if (!exact && !(acceptCanonical && canonicalMatch)) {
            return d.finish(AclVerdict.SIGNATURE_INVALID, fileName + " is not the signed content: its SM3 differs from "
                    + "the signed message digest" + (manifest.isEmpty() ? ""
                    : canonicalMatch ? "; the canonical form still matches (only what it leaves out changed: blanks, "
                    + "comments, counters; --canonical accepts that)"
                    : !compared ? "; the canonical form was not compared: " + d.canonicalProblem
                    : d.canonicalProblem != null ? "; and it has no canonical form: " + d.canonicalProblem
                    : "; the canonical form differs too (rules changed)"));
        }
        Instant now = module.clock().instant();
        VerificationResult path = certificates.verify(s, cms.certificates(), now, CertificatePurpose.SIGNING,
                policy == null ? null : policy.requiredExtendedKeyUsage().orElse(null));
        switch (path) {
            case VerificationResult.Valid v -> d.chain = new AclVerification.CertificateChain(true, now.toString(),
                    v.path().stream().map(c -> c.subject().toString()).toList(), null, null);
            case VerificationResult.Invalid i -> {
                d.chain = new AclVerification.CertificateChain(false, now.toString(), List.of(), i.reason().name(),
                        i.message());
                return d.finish(AclVerdict.CERTIFICATE, "the signer's certificate is not acceptable: "
                        + i.reason() + ": " + i.message());
            }
        }
        if (path instanceof VerificationResult.Valid v) {
            for (Sm2Certificate included : cms.certificates()) {
                if (!v.path().contains(included) && !certificates.trustAnchors().contains(included)) {
                    return d.finish(AclVerdict.CERTIFICATE, signatureName + " includes a certificate that is not on "
                            + "the signer's path (" + included.subject() + "): altered or unrelated");
                }
            }
        }
        if (allowed != null && !allowed.allowed()) {
            return d.finish(AclVerdict.CERTIFICATE, "the signer may not sign ACLs under the signer policy ("
                    + policy.describe() + "): " + allowed.reason());
        }
        if (chain != null) {
            return history(d, cmsBytes, manifest);
        }
        return d.finish(AclVerdict.VALID, null);
    }

    private AclVerification history(Draft d, byte[] cmsBytes, Optional<AclManifest> manifest) {
        String where = chain.location();
        Optional<String> damage = chain.damage();
        if (damage.isPresent()) {
            d.history = new AclVerification.History(where, false, null, null, "BROKEN: " + damage.get());
            return d.finish(AclVerdict.ROLLBACK, "the audit chain " + where + " is broken: " + damage.get());
        }
        if (manifest.isEmpty()) {
            d.history = new AclVerification.History(where, true, null, null, "the signature has no gmgw manifest");
            return d.finish(AclVerdict.ROLLBACK, "the signature was not made by gmgw acl sign and has no version");
        }
        String name = manifest.get().aclName();
        Long latest = chain.latestVersion(name).orElse(null);
        Optional<AclHistory.Entry> record = chain.recorded(cmsBytes);
        if (record.isEmpty()) {
            d.history = new AclVerification.History(where, true, latest, null, "version "
                    + manifest.get().aclVersion() + " of " + name + " is NOT in the chain");
            return d.finish(AclVerdict.ROLLBACK, "this signature (" + name + " version " + manifest.get().aclVersion()
                    + ") is not recorded in the audit chain " + where + (latest == null ? " (no version of " + name
                    + " at all)" : " (newest recorded: version " + latest + ")") + ": the chain was cut back, or the "
                    + "file was signed outside it");
        }
        AclHistory.Entry v = record.get();
        if (!MessageDigest.isEqual(v.sm3().getBytes(), d.sm3.getBytes()) && !d.canonicalOnly()) {
            d.history = new AclVerification.History(where, true, latest, v.sequence(), "the record of this signature "
                    + "names SM3 " + v.sm3() + ", not the file's");
            return d.finish(AclVerdict.SIGNATURE_INVALID, "the chain's record differs from the file");
        }
        if (latest != null && v.version() < latest) {
            d.history = new AclVerification.History(where, true, latest, v.sequence(), "ROLLBACK: version "
                    + v.version() + " of " + latest);
            return d.finish(AclVerdict.ROLLBACK, "rollback: " + d.file + " is " + name + " version " + v.version()
                    + ", but the audit chain has version " + latest + " (record " + v.sequence() + " of "
                    + chain.recordCount() + ")");
        }
        d.history = new AclVerification.History(where, true, latest, v.sequence(), "newest version (" + v.version()
                + ") of " + name + ", record " + v.sequence() + " of " + chain.recordCount() + ", head "
                + chain.head() + (chain.uncheckpointed() > 0 ? "; " + chain.uncheckpointed()
                + " record(s) after the last checkpoint" : ""));
        return d.finish(AclVerdict.VALID, null);
    }

    /** Fills format, rules and canonical digest; true when the canonical form matches the signed one. */
    private boolean describeContent(Draft d, byte[] content, Optional<AclManifest> manifest) {
        try {
            AclDocument doc = AclDocument.parse(content, manifest.map(AclManifest::format));
            d.format = doc.format().id();
            d.ruleCount = doc.ruleCount();
            byte[] canonical = module.sm3().hash(doc.canonical());
            d.canonicalSm3 = HEX.formatHex(canonical);
            return manifest.isPresent() && MessageDigest.isEqual(canonical, manifest.get().canonicalDigest());
        } catch (AclFormatException e) {
            LOG.debug("{} cannot be read as an ACL: {}", d.file, e.getMessage());
            d.canonicalProblem = e.getMessage();
            return false;
        }
    }

    private static String name(String oid) {
        return oid + (oid.equals("1.2.840.113549.1.7.2") ? " (signedData, RFC 5652)" : " (signedData, GM/T 0010)");
    }

    /** The report under construction. */
    private final class Draft {
        final String file;
        final long size;
        final String sm3;
        final String signatureName;
        String format;
        Integer ruleCount;
        String canonicalSm3;
        String canonicalProblem;
        AclVerification.Signature signature;
        AclVerification.Signer signer;
        AclVerification.CertificateChain chain;
        AclVerification.SignerPolicy signerPolicy;
        AclVerification.Content content;
        AclVerification.History history;

        Draft(String file, long size, String sm3, String signatureName) {
            this.file = file;
            this.size = size;
            this.sm3 = sm3;
            this.signatureName = signatureName;
        }

        boolean canonicalOnly() {
            return content != null && !content.exactMatch();
        }

        AclVerification finish(AclVerdict verdict, String message) {
            if (history == null && AclVerifier.this.chain != null) {
                // An earlier check failed, so the chain was not consulted: say which, not that there was no chain.
                history = new AclVerification.History(AclVerifier.this.chain.location(), null, null, null,
                        "not checked: " + switch (verdict) {
                            case MALFORMED -> "the signature or its manifest could not be read";
                            case SIGNATURE_INVALID -> "the signature or the content failed";
                            case CERTIFICATE -> "the signer's certificate failed";
                            case ROLLBACK, VALID -> "an earlier check failed";
                        });
            }
            return new AclVerification(file, size, sm3, format, ruleCount, canonicalSm3, signatureName, signature,
                    signer, chain, signerPolicy, content, history, verdict, message);
        }
    }
}
