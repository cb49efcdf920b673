package io.gmgw.sslvpn.client.tun;

import io.gmgw.gateway.ip.IpAddresses;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.tun.TunSettings;
import io.gmgw.sslvpn.client.TunnelParameters;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What TUN mode does with the gateway's tunnel parameters (cstp.md §4), decided before anything is touched: the
 * device's MTU, addresses and routes, and the lines that tell the user what was set and what was not. The routes are
 * vpnc-script's (openconnect's default script): the split-include networks of a family, or, when the gateway sent
 * none for a family it gave an address in, everything of that family (a full tunnel, set as two /1 halves by
 * gateway-core so the old default route stays). The split-exclude networks of each family the tunnel carries are
 * kept on the paths they take today, as vpnc-script's {@code set_exclude_route} does: a route through today's next
 * hop each, removed on exit (a default route, /0, is never excluded: that would be no tunnel at all). Not done, and
 * said so: DNS ({@link #dnsNotice}: gmgw leaves the host's resolver alone, as openconnect does without a
 * vpnc-script), and IPv6 on a tunnel whose MTU is below IPv6's minimum (the kernel turns IPv6 off on such a link).
 *
 * @param settings what the TUN device gets
 * @param excluded the split-exclude networks to route outside the tunnel
 * @param notices lines for the user, in order: addresses and routes, excluded networks, then what was not applied
 */
public record TunPlan(TunSettings settings, List<IpPrefix> excluded, List<String> notices) {
    private static final IpPrefix ALL4 = new IpPrefix(InetAddress.ofLiteral("0.0.0.0"), 0);
    private static final IpPrefix ALL6 = new IpPrefix(InetAddress.ofLiteral("::"), 0);

    public TunPlan {
        excluded = List.copyOf(excluded);
        notices = List.copyOf(notices);
    }

    /** The plan for {@code p}; a {@link io.gmgw.gateway.GatewayException} (CONFIG) when the settings are impossible. */
    public static TunPlan of(TunnelParameters p) {
        List<IpPrefix> addresses = new ArrayList<>();
        List<IpPrefix> routes = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        if (p.address4().isPresent()) {
            int length = p.netmask4().map(IpPrefix::length).orElse(32);
            addresses.add(new IpPrefix(p.address4().get(), length));
            routes.addAll(p.splitInclude4().isEmpty() ? List.of(ALL4) : p.splitInclude4());
        }
        boolean ipv6 = p.address6().isPresent();
        if (ipv6 && p.mtu() < TunSettings.MIN_IPV6_MTU) {
            notices.add("IPv6 address " + IpAddresses.format(p.address6().get().address()) + "/"
                    + p.address6().get().length() + " not set: the tunnel MTU " + p.mtu() + " is below "
                    + "IPv6's minimum of " + TunSettings.MIN_IPV6_MTU + " (RFC 8200 §5)");
            ipv6 = false;
        }
        if (ipv6) {
            addresses.add(p.address6().get());
            routes.addAll(p.splitInclude6().isEmpty() ? List.of(ALL6) : p.splitInclude6());
        }
        TunSettings settings = new TunSettings(p.mtu(), addresses, routes);
        List<String> lines = new ArrayList<>();
        lines.add("addresses " + join(addresses) + ", MTU " + p.mtu());
        lines.add("routes " + join(routes) + (routes.stream().anyMatch(r -> r.length() == 0)
                ? " (everything of that family goes into the tunnel)" : ""));
        List<IpPrefix> excluded = new ArrayList<>();
        List<IpPrefix> candidates = new ArrayList<>();
        if (p.address4().isPresent()) {
            candidates.addAll(p.splitExclude4());
        }
        if (ipv6) {
            candidates.addAll(p.splitExclude6());
        }
        for (IpPrefix r : candidates) {
            IpPrefix network = r.network();
            if (network.length() == 0) {
                notices.add("split-exclude route " + show(network) + " not applied: excluding everything would leave "
                        + "nothing for the tunnel");
            } else if (!excluded.contains(network)) {
                excluded.add(network);
            }
        }
        if (!excluded.isEmpty()) {
            lines.add("split-exclude routes " + join(excluded) + " stay outside the tunnel, on today's path");
        }
        lines.addAll(notices);
        return new TunPlan(settings, excluded, lines);
    }

    /**
     * The DNS servers and domains the gateway sent, which gmgw does not give to the host's resolver (openconnect
     * leaves that to its vpnc-script), with the command that would ({@code resolvectl}, systemd-resolved); empty when
     * the gateway sent none.
     */
    public static Optional<String> dnsNotice(TunnelParameters p, String device) {
        if (p.dns().isEmpty() && p.defaultDomains().isEmpty()) {
            return Optional.empty();
        }
        String servers = p.dns().stream().map(IpAddresses::format).collect(Collectors.joining(" "));
        String domains = String.join(" ", p.defaultDomains());
        StringBuilder b = new StringBuilder("DNS not applied to this host's resolver (gmgw runs no vpnc-script): ");
        b.append("servers ").append(servers.isEmpty() ? "none" : servers);
        if (!domains.isEmpty()) {
            b.append(", domain ").append(domains);
        }
        if (!p.splitDns().isEmpty()) {
            b.append(", split DNS for ").append(String.join(" ", p.splitDns()));
        }
        b.append("; to use them: ");
        if (!servers.isEmpty()) {
            b.append("resolvectl dns ").append(device).append(' ').append(servers);
        }
        if (!domains.isEmpty()) {
            b.append(servers.isEmpty() ? "" : " && ").append("resolvectl domain ").append(device).append(' ')
                    .append(domains);
        }
        return Optional.of(b.toString());
    }

    private static String join(List<IpPrefix> prefixes) {
        return prefixes.isEmpty() ? "none" : prefixes.stream().map(TunPlan::show).collect(Collectors.joining(", "));
    }

    /** A prefix as the user writes it (IPv6 in RFC 5952's short form). */
    static String show(IpPrefix p) {
        return IpAddresses.format(p.address()) + "/" + p.length();
    }
}
