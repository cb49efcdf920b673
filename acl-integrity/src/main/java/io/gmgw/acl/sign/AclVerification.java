package io.gmgw.acl.sign;

import java.util.ArrayList;
import java.util.List;

/**
 * The report of one verification, in the fields an auditor pastes into an assessment record (docs/acl-integrity.md,
 * "Report fields"); {@link #lines()} is the text form, the record itself the JSON form. Null members were not
 * determined (e.g. no signer when the signature file is malformed, no history without an audit chain).
 */
public record AclVerification(String file, long size, String sm3, String format, Integer ruleCount,
        String canonicalSm3, String signatureFile, Signature signature, Signer signer, CertificateChain chain,
        SignerPolicy signerPolicy, Content content, History history, AclVerdict verdict, String message) {

    /** The algorithms and signed attributes of the CMS signature. */
    public record Signature(String contentType, String digestAlgorithm, String signatureAlgorithm, String signingTime,
            String userId, String signedSm3, Manifest manifest) {
    }

    /** gmgw's manifest attribute as signed. */
    public record Manifest(String format, String canonicalization, String canonicalSm3, int ruleCount,
            long contentLength, String aclName, long aclVersion, String previousRecord) {
        static Manifest of(AclManifest m) {
            return new Manifest(m.format().id(), m.canonicalization(), m.canonicalDigestHex(), m.ruleCount(),
                    m.contentLength(), m.aclName(), m.aclVersion(), m.chained() ? m.previousRecordHex() : null);
        }
    }

    public record Signer(String subject, String serial, String subjectKeyIdentifier, String issuer, String notBefore,
            String notAfter, String fingerprintSm3, String keyUsage, String extendedKeyUsage) {
    }

    /**
     * The signer policy applied ({@code policy} null: none given) and its decision: {@code allowed} null when not
     * checked; {@code result} names the rule that matched, or why none did.
     */
    public record SignerPolicy(String policy, Boolean allowed, String result) {
    }

    public record CertificateChain(boolean valid, String checkedAt, List<String> path, String failure,
            String message) {
    }

    /**
     * Whether the file is the signed content: byte for byte, and in canonical form ({@code canonicalMatch} null when
     * not determined, {@code note} then says why).
     */
    public record Content(boolean exactMatch, Boolean canonicalMatch, String mode, String note) {
    }

    /**
     * The link to the audit chain: where the signed version sits and what the chain says ({@code chainValid} null
     * when the chain was not consulted because an earlier check failed; {@code result} then says which).
     */
    public record History(String chainFile, Boolean chainValid, Long latestVersion, Long recordSequence,
            String result) {
    }

    public boolean valid() {
        return verdict == AclVerdict.VALID;
    }

    /** The report as text, one "name: value" per line. */
    public List<String> lines() {
        List<String> l = new ArrayList<>();
        l.add("file:                " + file);
        l.add("size:                " + size + " bytes");
        l.add("SM3:                 " + sm3);
        l.add("format:              " + (format == null ? "(not determined)" : format));
        l.add("rules:               " + (ruleCount == null ? "(not determined)" : ruleCount));
        l.add("canonical SM3:       " + (canonicalSm3 == null ? "(not determined)" : canonicalSm3));
        l.add("signature file:      " + signatureFile);
        if (signature != null) {
            l.add("CMS content type:    " + signature.contentType());
            l.add("digest algorithm:    " + signature.digestAlgorithm());
            l.add("signature algorithm: " + signature.signatureAlgorithm());
            l.add("SM2 user ID:         " + signature.userId());
            l.add("signing time:        " + (signature.signingTime() == null ? "(none)" : signature.signingTime()));
            l.add("signed SM3:          " + signature.signedSm3());
            Manifest m = signature.manifest();
            if (m != null) {
                l.add("signed format:       " + m.format() + ", " + m.ruleCount() + " rules, " + m.contentLength()
                        + " bytes");
                l.add("signed canonical:    " + m.canonicalSm3() + " (" + m.canonicalization() + ")");
                l.add("ACL name, version:   " + m.aclName() + ", version " + m.aclVersion());
                l.add("previous record:     " + (m.previousRecord() == null ? "(not chained)" : m.previousRecord()));
            } else {
                l.add("gmgw manifest:       (none: signed by another tool)");
            }
        }
        if (signer != null) {
            l.add("signer subject:      " + signer.subject());
            l.add("signer serial:       " + signer.serial());
            l.add("signer SKI:          " + (signer.subjectKeyIdentifier() == null ? "(none)"
                    : signer.subjectKeyIdentifier()));
            l.add("signer issuer:       " + signer.issuer());
            l.add("signer validity:     " + signer.notBefore() + " to " + signer.notAfter());
            l.add("signer SM3 print:    " + signer.fingerprintSm3());
            l.add("signer key usage:    " + signer.keyUsage() + "; extended: " + signer.extendedKeyUsage());
        }
        if (chain != null) {
            l.add("certificate chain:   " + (chain.valid() ? "valid at " + chain.checkedAt() + ": "
                    + String.join(" <- ", chain.path().reversed()) : "INVALID (" + chain.failure() + "): "
                    + chain.message()));
        }
        if (signerPolicy != null) {
            l.add("signer policy:       " + (signerPolicy.policy() == null ? "none given (any certificate that chains "
                    + "to the trust anchors and may sign)" : signerPolicy.policy() + ": " + (signerPolicy.allowed()
                    == null ? "(not checked: " + signerPolicy.result() + ")" : signerPolicy.allowed() ? "ALLOWED ("
                    + signerPolicy.result() + ")" : "REFUSED (" + signerPolicy.result() + ")")));
        }
        if (content != null) {
            l.add("content (exact):     " + (content.exactMatch() ? "matches the signed bytes" : "CHANGED"));
            l.add("content (canonical): " + (content.canonicalMatch() == null ? "(not determined"
                    + (content.note() == null ? ")" : ": " + content.note() + ")")
                    : content.canonicalMatch() ? "matches the signed canonical form" : "CHANGED"));
            l.add("content rule:        " + content.mode());
        }
        l.add("audit chain:         " + (history == null ? "(not checked: no --log)" : history.chainFile() + ": "
                + history.result()));
        l.add("result:              " + verdict + (message == null ? "" : " — " + message));
        return l;
    }
}
