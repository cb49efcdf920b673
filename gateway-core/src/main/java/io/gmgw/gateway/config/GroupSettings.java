package io.gmgw.gateway.config;

import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.policy.LoginPolicy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One {@code groups} entry: what a user of the group gets. Addresses from the named pools (at least one), the
 * split-include routes (none: a full tunnel, all traffic through the gateway) and split-exclude routes of both
 * families, DNS servers, a default domain and split-DNS domains, the signed ACL enforced on every packet (default
 * deny; {@code FILE.p7s} beside it holds its signature), how many sessions one user may have at once (0: no limit)
 * a banner shown at login, and how its users log in (the certificate, a dynamic password, or both).
 */
public record GroupSettings(String name, Optional<String> ipv4Pool, Optional<String> ipv6Pool, List<IpPrefix> routes,
        List<IpPrefix> excludeRoutes, List<InetAddress> dns, Optional<String> defaultDomain, List<String> splitDns,
        Path acl, int maxSessionsPerUser, Optional<String> banner, LoginPolicy login) {
    public GroupSettings {
        routes = List.copyOf(routes);
        excludeRoutes = List.copyOf(excludeRoutes);
        dns = List.copyOf(dns);
        splitDns = List.copyOf(splitDns);
        java.util.Objects.requireNonNull(login, "login");
    }

    /** No split-include route: everything goes through the tunnel. */
    public boolean fullTunnel() {
        return routes.isEmpty();
    }
}
