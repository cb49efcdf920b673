package io.gmgw.acl.sign;

import java.io.IOException;
import java.util.Optional;

/**
 * A history of signed ACL versions, as the verifier needs it: whether it can be trusted, which version of an ACL is
 * the newest, and where a given signature is recorded. The audit chain ({@code io.gmgw.acl.log.AuditChain}) is one;
 * the interface lives here so that verifying does not depend on the chain's package, which depends on this one for
 * the signed manifest.
 */
public interface AclHistory {
    /** Where the history is kept, for reports (the chain file). */
    String location();

    /** Why the history cannot be trusted (a broken link, an altered record), empty when it is intact. */
    Optional<String> damage();

    /** The newest version recorded for the ACL named {@code aclName}. */
    Optional<Long> latestVersion(String aclName);

    /** The record holding exactly this CMS signature. */
    Optional<Entry> recorded(byte[] cms);

    /** How many records there are. */
    int recordCount();

    /** The digest that identifies the history's newest record (hex), to be kept elsewhere against truncation. */
    String head();

    /** Records after the last signed checkpoint. */
    int uncheckpointed();

    /** A recorded version: its number, its record's place in the history, the SM3 of the signed file (hex). */
    record Entry(long version, long sequence, String sm3) {
    }

    /** Reads a history when it is needed (the guard reads it anew for every load). */
    @FunctionalInterface
    interface Reader {
        AclHistory read() throws IOException;
    }
}
