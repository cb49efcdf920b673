package io.gmgw.acl.format;

import java.util.Objects;

/**
 * One rule of an ACL in its canonical spelling: {@code context} names where it sits (table and chain, ACL name), so
 * that the same rule text in two chains is two rules; {@code line} is its 1-based line in the original file.
 */
public record AclRule(String context, String text, int line) {
    public AclRule {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(text, "text");
    }

    /** Context and text, the identity used by diffs. */
    public String key() {
        return context.isEmpty() ? text : context + ": " + text;
    }
}
