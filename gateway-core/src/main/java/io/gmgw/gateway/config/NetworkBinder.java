package io.gmgw.gateway.config;

import io.gmgw.gateway.ip.IpAddresses;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.policy.LoginPolicy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** Binds {@code pools} and {@code groups}: where users' addresses come from, and what each group gets. */
final class NetworkBinder {
    /** IPv6 needs links of 1280 bytes or more (RFC 8200 §5); openconnect warns, ocserv drops IPv6 below it. */
    static final int IPV6_MIN_MTU = 1280;
    /** openconnect keeps at most three DNS servers (cstp.md §4). */
    static final int MAX_DNS = 3;

    private NetworkBinder() {
    }

    /** The pools, and the names of those with a network written wrong (reported once, where it is written). */
    record Pools(Map<String, PoolSettings> settings, java.util.Set<String> flawed) {
    }

    static Pools pools(Section root) {
        Map<String, PoolSettings> pools = new LinkedHashMap<>();
        java.util.Set<String> flawed = new java.util.HashSet<>();
        Map<IpPrefix, String> networks = new LinkedHashMap<>();
        List<Section.Entry> entries = root.entries("pools");
        if (root.emptyMap("pools")) {
            root.error("pools", "no pool is defined; add one, such as 'users:' with 'ipv4: 192.168.99.0/24' below it");
        }
        for (Section.Entry e : entries) {
            Section s = root.entrySection("pools", e);
            IpPrefix v4 = prefix(s, "ipv4", false);
            IpPrefix v6 = prefix(s, "ipv6", true);
            if (v4 == null && s.has("ipv4") || v6 == null && s.has("ipv6")) {
                flawed.add(e.name());
            }
            int perUser = s.integer("ipv6-prefix", 64, 128, "the prefix length each user gets; 128: one address");
            boolean predictable = s.bool("predictable");
            if (v4 == null && v6 == null && !s.has("ipv4") && !s.has("ipv6")) {
                s.error(e.keyNode(), "pools." + e.name() + ": the pool has no network; add ipv4: "
                        + "192.168.99.0/24 (or ipv6: fd00:99::/64) below it");
            }
            if (v4 != null && v4.length() > 30) {
                s.error("ipv4", v4 + " leaves no address for a user beside the gateway's own; write a /30 or "
                        + "shorter prefix, such as " + IpAddresses.format(IpPrefix.network(v4.address(), 24)) + "/24");
                v4 = null;
                flawed.add(e.name());
            }
            if (v6 != null && v6.length() >= perUser) {
                s.error("ipv6", v6 + " is not larger than the /" + perUser + " each user gets (ipv6-prefix); write a "
                        + "shorter prefix such as " + IpAddresses.format(IpPrefix.network(v6.address(), 64)) + "/64");
                v6 = null;
                flawed.add(e.name());
            }
            for (IpPrefix p : new IpPrefix[] {v4, v6}) {
                if (p == null) {
                    continue;
                }
                for (Map.Entry<IpPrefix, String> other : networks.entrySet()) {
                    if (other.getKey().overlaps(p)) {
                        s.error(p.isIpv6() ? "ipv6" : "ipv4", p + " overlaps " + other.getKey() + " of pool "
                                + other.getValue() + "; give each pool a network of its own");
                    }
                }
                networks.put(p, e.name());
            }
            s.finish();
            pools.put(e.name(), new PoolSettings(e.name(), Optional.ofNullable(v4), Optional.ofNullable(v6), perUser,
                    predictable));
        }
        return new Pools(pools, flawed);
    }

    private static IpPrefix prefix(Section s, String key, boolean ipv6) {
        Section.Item i = s.item(key);
        if (i == null) {
            return null;
        }
        IpPrefix p = Values.prefix(s, key, i);
        if (p != null && p.isIpv6() != ipv6) {
            s.error(i.node(), s.shown(key) + ": " + p + " is an " + (ipv6 ? "IPv4" : "IPv6") + " network; write it "
                    + "under " + (ipv6 ? "ipv4" : "ipv6") + ", and an " + (ipv6 ? "IPv6" : "IPv4") + " network here");
            return null;
        }
        return p;
    }

    static Map<String, GroupSettings> groups(Section root, Pools pools, int mtu) {
        Map<String, GroupSettings> groups = new LinkedHashMap<>();
        Map<String, String> byLowerCase = new LinkedHashMap<>();
        List<Section.Entry> entries = root.entries("groups");
        if (root.emptyMap("groups")) {
            root.error("groups", "no group is defined; add one, such as 'staff:' with its ipv4-pool and acl below it");
        }
        for (Section.Entry e : entries) {
            Section s = root.entrySection("groups", e);
            String name = e.name();
            String same = byLowerCase.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            if (same != null) {
                s.error(e.keyNode(), "groups: '" + name + "' and '" + same + "' differ only in case, so a "
                        + "certificate's group attribute could name either; give the groups different names");
            }
            if (name.length() > 64 || name.chars().anyMatch(Character::isISOControl)) {
                s.error(e.keyNode(), "groups: '" + name + "' is not a usable group name; write at most 64 printable "
                        + "characters");
            }
            LoginPolicy login = login(s);
            String v4 = pool(s, "ipv4-pool", pools, false);
            String v6 = pool(s, "ipv6-pool", pools, true);
            if (!s.has("ipv4-pool") && !s.has("ipv6-pool")) {
                s.error(e.keyNode(), "groups." + name + ": the group has no address pool; add ipv4-pool: NAME (or "
                        + "ipv6-pool: NAME) below it");
            }
            if (v6 != null && mtu < IPV6_MIN_MTU) {
                s.error("ipv6-pool", "IPv6 needs an MTU of " + IPV6_MIN_MTU + " or more (RFC 8200) but tunnel.mtu is "
                        + mtu + "; write tunnel.mtu: " + IPV6_MIN_MTU + " or more, or remove ipv6-pool");
            }
            // a route needs an address of its family (a pool named but wrong is reported once, above)
            List<IpPrefix> routes = routes(s, "routes", s.has("ipv4-pool"), s.has("ipv6-pool"));
            List<IpPrefix> excluded = routes(s, "exclude-routes", s.has("ipv4-pool"), s.has("ipv6-pool"));
            List<InetAddress> dns = Values.addresses(s, "dns");
            if (dns.size() > MAX_DNS) {
                s.error("dns", dns.size() + " servers; openconnect uses at most " + MAX_DNS + ", write at most "
                        + MAX_DNS);
            }
            Section.Item domainItem = s.item("default-domain");
            String domain = domainItem == null ? null : Values.domain(s, "default-domain", domainItem);
            List<String> splitDns = new ArrayList<>();
            for (Section.Item i : s.list("split-dns")) {
                String d = Values.domain(s, "split-dns", i);
                if (d != null) {
                    splitDns.add(d);
                }
            }
            Path acl = ConfigFiles.path(s, "acl", true);
            int maxSessions = s.integer("max-sessions-per-user", 0, 65535, "0: no limit");
            String banner = s.string("banner");
            if (banner != null && banner.length() > 4096) {
                s.error("banner", "the banner has " + banner.length() + " characters; write at most 4096");
            }
            s.finish();
            groups.put(name, new GroupSettings(name, Optional.ofNullable(v4), Optional.ofNullable(v6), routes,
                    excluded, dns, Optional.ofNullable(domain), splitDns, acl, maxSessions,
                    Optional.ofNullable(banner), login));
        }
        return groups;
    }

    /** How the group's users log in ({@code login}); the default when the value is wrong (reported). */
    private static LoginPolicy login(Section s) {
        Section.Item i = s.item("login");
        if (i == null) {
            return LoginPolicy.ofConfigName(s.defaultOf("login")).orElseThrow();
        }
        String c = Values.choice(s, "login", i, LoginPolicy.configNames(), "a login policy (the certificate, a "
                + "dynamic password, or both)");
        return c == null ? LoginPolicy.CERTIFICATE : LoginPolicy.ofConfigName(c).orElseThrow();
    }

    /** A pool reference: a defined pool that has a network of the family. */
    private static String pool(Section s, String key, Pools all, boolean ipv6) {
        Section.Item i = s.item(key);
        if (i == null) {
            return null;
        }
        Map<String, PoolSettings> pools = all.settings();
        if (all.flawed().contains(i.text().strip())) {
            return i.text().strip(); // its network is reported where it is written
        }
        List<String> ofFamily = pools.values().stream().filter(p -> ipv6 ? p.ipv6().isPresent()
                : p.ipv4().isPresent()).map(PoolSettings::name).toList();
        String name = i.text().strip();
        if (pools.containsKey(name) && !ofFamily.contains(name)) {
            s.error(i.node(), s.shown(key) + ": pool " + name + " has no " + (ipv6 ? "ipv6" : "ipv4") + " network; "
                    + "add one to it, or write a pool that has one" + (ofFamily.isEmpty() ? ""
                    : " (" + String.join(", ", ofFamily) + ")"));
            return null;
        }
        return Values.reference(s, key, i, pools.keySet(), "pool");
    }

    /** Routes of the families the group has addresses of; the default route is the empty list. */
    private static List<IpPrefix> routes(Section s, String key, boolean ipv4Allowed, boolean ipv6Allowed) {
        List<IpPrefix> out = new ArrayList<>();
        for (Section.Item i : s.list(key)) {
            IpPrefix p = Values.prefix(s, key, i);
            if (p == null) {
                continue;
            }
            Node n = i.node();
            if (p.length() == 0 && key.equals("routes")) {
                s.error(n, s.shown(key) + ": " + p + " is the whole address space; leave routes empty (or remove "
                        + "this line) for a full tunnel");
            } else if (p.isIpv4() ? !ipv4Allowed : !ipv6Allowed) {
                String family = p.isIpv4() ? "ipv4" : "ipv6";
                s.error(n, s.shown(key) + ": " + p + " is an " + family.replace("ip", "IP") + " route but the group "
                        + "has no " + family + "-pool; add " + family + "-pool: NAME, or remove the route");
            } else if (out.contains(p)) {
                s.error(n, s.shown(key) + ": " + p + " is listed twice; remove one");
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
