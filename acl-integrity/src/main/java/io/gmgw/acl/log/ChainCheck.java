package io.gmgw.acl.log;

import io.gmgw.acl.sign.AclVerdict;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.VerificationResult;
import java.util.Locale;
import java.util.Optional;

/**
 * The verdict on a hash-chained log (an ACL chain or the audit log): {@link AclVerdict#ROLLBACK} when a link breaks or
 * the head is not the one the reader noted (records cut from the end, or the file replaced),
 * {@link AclVerdict#CERTIFICATE} when a signer's certificate does not chain to the trust anchors, else
 * {@link AclVerdict#VALID}; {@code message} says why, {@code signers} what became of the signer check.
 */
public record ChainCheck(AclVerdict verdict, String message, String signers) {
    /**
     * Checks {@code chain} (read and link-checked already), against {@code expectedHead} (null: not checked) and with
     * {@code signerVerifier} for every signer (null: signers not checked, which {@code signers} then says).
     */
    public static ChainCheck of(AuditChain chain, String expectedHead, CertificateVerifier signerVerifier) {
        if (!chain.intact()) {
            return new ChainCheck(AclVerdict.ROLLBACK, chain.problem().orElseThrow().message(),
                    "not checked (links broken)");
        }
        AclVerdict verdict = AclVerdict.VALID;
        String message = null;
        if (expectedHead != null && !expectedHead.equalsIgnoreCase(chain.head())) {
            verdict = AclVerdict.ROLLBACK;
            message = "the head is " + chain.head() + ", not " + expectedHead.toLowerCase(Locale.ROOT) + ": records "
                    + "were cut from the end or the chain was replaced";
        }
        if (signerVerifier == null) {
            return new ChainCheck(verdict, message, "not checked (no --trust)");
        }
        Optional<VerificationResult.Invalid> problem = chain.certificateProblem(signerVerifier);
        String signers = problem.map(p -> "INVALID: " + p.reason() + ": " + p.message())
                .orElse("every signer chains to --trust");
        if (problem.isPresent() && verdict == AclVerdict.VALID) {
            verdict = AclVerdict.CERTIFICATE;
            message = "a signer's certificate is not acceptable: " + problem.get().message();
        }
        return new ChainCheck(verdict, message, signers);
    }
}
