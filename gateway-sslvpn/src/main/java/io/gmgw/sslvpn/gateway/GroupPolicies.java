package io.gmgw.sslvpn.gateway;

import java.util.Optional;

/** The configured groups' policies by name (gateway-core loads them, each ACL only when its signature verifies). */
@FunctionalInterface
public interface GroupPolicies {
    /** The policy of {@code group}, empty when no such group is configured. */
    Optional<GroupPolicy> find(String group);
}
