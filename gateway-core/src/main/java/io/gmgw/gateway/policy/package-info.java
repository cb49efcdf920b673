/**
 * Per-group policy: a group's ACL in Cisco IOS extended access-list syntax, loaded only when its SM2 signature
 * verifies ({@link io.gmgw.gateway.policy.PolicyLoader} over acl-integrity's {@code SignedAclGuard}), held and
 * reloaded atomically ({@link io.gmgw.gateway.policy.GroupPolicy}), and enforced on every packet both ways
 * ({@link io.gmgw.gateway.policy.PacketFilter}). docs/policy.md is the operator's description.
 */
package io.gmgw.gateway.policy;
