package io.gmgw.acl.sign;

import java.util.Objects;

/** A signed ACL (or an audit chain) failed verification; {@link #verdict()} says how, for exit codes and alarms. */
public final class AclVerificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final AclVerdict verdict;

    public AclVerificationException(AclVerdict verdict, String message) {
        super(message);
        if (verdict == AclVerdict.VALID) {
            throw new IllegalArgumentException("a failure cannot be " + verdict);
        }
        this.verdict = Objects.requireNonNull(verdict, "verdict");
    }

    public AclVerdict verdict() {
        return verdict;
    }
}
