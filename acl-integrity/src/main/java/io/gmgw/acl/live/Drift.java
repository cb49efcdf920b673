package io.gmgw.acl.live;

import io.gmgw.acl.format.AclDiff;
import java.time.Instant;

/**
 * One comparison of the live ruleset with the signed one: whether their canonical forms match and, when not, how the
 * rules differ.
 */
public record Drift(Instant at, String source, String signedFile, long signedVersion, String liveCanonicalSm3,
        String signedCanonicalSm3, int liveRules, int signedRules, AclDiff diff) {

    public boolean drifted() {
        return !liveCanonicalSm3.equals(signedCanonicalSm3);
    }

    /** One line for logs and the CLI. */
    public String summary() {
        if (!drifted()) {
            return "live ruleset (" + source + ") matches " + signedFile + " version " + signedVersion + " ("
                    + liveRules + " rules)";
        }
        return "DRIFT: live ruleset (" + source + ", " + liveRules + " rules) differs from " + signedFile
                + " version " + signedVersion + " (" + signedRules + " rules): " + diff.removed().size()
                + " signed rule(s) missing, " + diff.added().size() + " unsigned rule(s) present"
                + (diff.reordered() ? ", rules reordered" : "")
                + (diff.isEmpty() ? ", non-rule lines changed (tables, chains, policies, sets)" : "");
    }
}
