package io.gmgw.sslvpn.gateway;

import java.util.Objects;

/**
 * A group ACL's answer for one packet: allowed or not, and the rule that decided (for drop counters per rule and
 * sampled audit lines); {@code rule} names the implicit default deny too.
 */
public record PacketVerdict(boolean allowed, String rule) {
    public PacketVerdict {
        Objects.requireNonNull(rule, "rule");
    }

    public static PacketVerdict allow(String rule) {
        return new PacketVerdict(true, rule);
    }

    public static PacketVerdict deny(String rule) {
        return new PacketVerdict(false, rule);
    }
}
