package io.gmgw.gateway.policy;

/**
 * Which way a packet crosses the gateway, seen from the VPN user. Rules are written as Cisco ASA's {@code vpn-filter}
 * writes them: the <b>VPN client's side is the source</b>, the inside network the destination. A packet
 * {@link #FROM_CLIENT} is matched as written; a packet {@link #TO_CLIENT} is matched with source and destination (and
 * their ports) swapped, so one rule covers a conversation both ways (docs/policy.md, "Both directions").
 */
public enum Direction {
    /** From the VPN client's tunnel into the inside network. */
    FROM_CLIENT,
    /** From the inside network (or the gateway) to the VPN client. */
    TO_CLIENT
}
