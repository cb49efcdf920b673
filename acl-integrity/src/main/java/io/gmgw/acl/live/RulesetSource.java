package io.gmgw.acl.live;

import io.gmgw.acl.format.AclFormat;
import java.io.IOException;

/** Where a live ruleset comes from: a command ({@link CommandRulesetSource}) or anything a caller injects. */
public interface RulesetSource {
    /** What is read, for logs and reports (e.g. {@code ip netns exec fw nft list ruleset}). */
    String description();

    /** The format the source produces. */
    AclFormat format();

    /** The current ruleset, as the tool prints it. */
    byte[] read() throws IOException;
}
