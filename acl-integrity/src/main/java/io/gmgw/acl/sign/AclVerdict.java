package io.gmgw.acl.sign;

/**
 * The outcome of verifying a signed ACL, most to least fundamental: the CLI turns each into its documented exit code
 * (0, 1, 2, 3, 4). When several checks fail, the first in the order signature → certificate → history decides, and a
 * signature file that cannot be read at all is {@link #MALFORMED}.
 */
public enum AclVerdict {
    /** Signature, content, certificate path and (when checked) history all good. */
    VALID,
    /** The signature does not verify, or the file is not the signed content (exit 1). */
    SIGNATURE_INVALID,
    /** The signer's certificate does not chain to a trust anchor, is expired, not yet valid or revoked (exit 2). */
    CERTIFICATE,
    /** The signed version is not the newest in the audit chain, or the chain is broken (exit 3). */
    ROLLBACK,
    /** The signature file, the ACL or the audit chain cannot be read as what it claims to be (exit 4). */
    MALFORMED;

    /** The worse of two verdicts for a batch: the higher exit code. */
    public AclVerdict worse(AclVerdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
