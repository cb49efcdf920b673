package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.policy.LoginPolicy;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One group's tunnel policy (filled by gateway-core from the group's configuration and its signed ACL): what the
 * CONNECT reply tells the client (cstp.md §4) and the ACL applied to every packet in both directions.
 * Implementations are immutable and thread-safe; {@link #check} runs on event-loop threads and must not block.
 */
public interface GroupPolicy {
    /** Direction of a packet relative to the client. */
    enum Direction {
        /** From the client into the inside network. */
        FROM_CLIENT,
        /** From the inside network to the client. */
        TO_CLIENT
    }

    /** The group's name. */
    String name();

    /** Split-include routes, IPv4 and IPv6 mixed; empty = full tunnel (all traffic through the gateway). */
    List<IpPrefix> routes();

    /**
     * Split-exclude routes, IPv4 and IPv6 mixed: destinations the client keeps off the tunnel (X-CSTP-Split-Exclude,
     * cstp.md §4); empty by default.
     */
    default List<IpPrefix> excludeRoutes() {
        return List.of();
    }

    /** DNS servers (openconnect keeps the first three, IPv6 ones included). */
    List<InetAddress> dns();

    /** Search domains, sent space-separated in X-CSTP-Default-Domain; may be empty. */
    List<String> defaultDomains();

    /** Domains resolved through the tunnel's DNS in split mode (X-CSTP-Split-DNS); may be empty. */
    List<String> splitDns();

    /** How the group's users log in: the certificate (the default), a dynamic password, or both. */
    default LoginPolicy login() {
        return LoginPolicy.CERTIFICATE;
    }

    /** Whether all DNS goes through the tunnel (X-CSTP-Tunnel-All-DNS); ocserv forces it with a full tunnel. */
    boolean tunnelAllDns();

    /**
     * Most tunnels one user of this group may hold at once, 0 = no limit (ocserv's per-group {@code max-same-clients});
     * empty: {@link GatewaySettings#maxSessionsPerUser()}.
     */
    default OptionalInt maxSessionsPerUser() {
        return OptionalInt.empty();
    }

    /** The X-CSTP-Banner text for this group's users (ocserv's per-group {@code banner}); empty: the gateway's. */
    default Optional<String> banner() {
        return Optional.empty();
    }

    /**
     * The ACL's verdict for one IP packet ({@code packet}'s readable bytes; not consumed, not released). Default deny:
     * a packet no rule matches is denied, with the implicit rule named.
     */
    PacketVerdict check(ByteBuf packet, Direction direction);

    /**
     * The policy as one session applies it, so that the ACL's counters and sampled drop records name the session and
     * its user; the group's own policy by default. Called once, when the tunnel opens.
     */
    default GroupPolicy forSession(String sessionId, String user) {
        return this;
    }
}
