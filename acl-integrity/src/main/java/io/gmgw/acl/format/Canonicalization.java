package io.gmgw.acl.format;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The canonicalisation rules a signature's manifest can name (docs/acl-integrity.md, "Canonical forms and their
 * names"). Only the current rules are compared: a canonical digest made under other rules means nothing to them.
 */
public enum Canonicalization {
    /**
     * Retired: it ended lines at CR as well as LF, while iptables-restore and nft end them at LF only, so a lone CR
     * could hide a rule in a comment and still canonicalise like the signed file. Its signatures verify on their
     * exact bytes only.
     */
    C14N_1("gmgw-acl-c14n-1", "it ended lines at CR too, so a lone CR could hide a rule in a comment"),
    /** Lines and words as each format's tool reads them ({@link AclDocument}). */
    C14N_2("gmgw-acl-c14n-2", null);

    /** The rules {@link AclDocument} implements and {@code gmgw acl sign} records. */
    public static final Canonicalization CURRENT = C14N_2;

    private final String id;
    private final String retiredBecause;

    Canonicalization(String id, String retiredBecause) {
        this.id = id;
        this.retiredBecause = retiredBecause;
    }

    /** The name a manifest records, e.g. {@code gmgw-acl-c14n-2}. */
    public String id() {
        return id;
    }

    /** Whether a canonical digest made under these rules is compared (false: exact bytes only). */
    public boolean compared() {
        return retiredBecause == null;
    }

    /** Why a retired form is no longer compared; empty for a compared one. */
    public Optional<String> retiredBecause() {
        return Optional.ofNullable(retiredBecause);
    }

    /** The rules named {@code id} exactly, or empty for a name this gmgw does not know. */
    public static Optional<Canonicalization> fromId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    /** The known names, for messages: "gmgw-acl-c14n-2 (compared), gmgw-acl-c14n-1 (exact bytes only)". */
    public static String known() {
        return Arrays.stream(values()).sorted((a, b) -> b.ordinal() - a.ordinal())
                .map(c -> c.id + (c.compared() ? "" : " (exact bytes only)")).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
