package io.gmgw.cli.config;

import io.gmgw.gateway.config.DataPlaneSettings;
import io.gmgw.gateway.config.GatewayConfig;
import io.gmgw.gateway.config.GroupSettings;
import io.gmgw.gateway.ip.IpAddresses;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.config.PoolSettings;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** What {@code gmgw config check} says about a valid file: what would listen, with what, for whom. */
record ConfigSummary(String file, boolean valid, List<String> listeners, List<String> tlcpSuites,
        List<String> tlsProtocols, List<Group> groups, List<Pool> pools, String dataPlane, String controlSocket) {

    record Group(String name, String ipv4Pool, String ipv6Pool, List<String> routes, String acl) {
    }

    record Pool(String name, String ipv4, String ipv6) {
    }

    static ConfigSummary of(GatewayConfig c) {
        List<String> listeners = c.listen().addresses().stream().map(a -> (a instanceof Inet6Address
                ? "[" + IpAddresses.format(a) + "]" : IpAddresses.format(a)) + ":" + c.listen().port()).toList();
        List<Group> groups = new ArrayList<>();
        for (GroupSettings g : c.groups().values()) {
            groups.add(new Group(g.name(), g.ipv4Pool().orElse(null), g.ipv6Pool().orElse(null),
                    g.routes().stream().map(IpPrefix::toString).toList(), g.acl().toString()));
        }
        List<Pool> pools = new ArrayList<>();
        for (PoolSettings p : c.pools().values()) {
            pools.add(new Pool(p.name(), p.ipv4().map(IpPrefix::toString).orElse(null),
                    p.ipv6().map(IpPrefix::toString).orElse(null)));
        }
        return new ConfigSummary(c.file().toString(), true, listeners, c.tlcp().enabled() ? c.tlcp().suites()
                : List.of(), c.tls().enabled() ? c.tls().protocols() : List.of(), groups, pools,
                c.dataPlane().mode().name().toLowerCase(Locale.ROOT)
                        + (c.dataPlane().mode() == DataPlaneSettings.Mode.TUN
                        ? " (device " + c.dataPlane().device() + ")" : ""),
                c.control().socket().toString());
    }

    List<String> lines() {
        List<String> l = new ArrayList<>();
        l.add(file + ": valid");
        l.add("listener:   " + String.join(", ", listeners) + " (TLCP " + (tlcpSuites.isEmpty() ? "off"
                : String.join(", ", tlcpSuites)) + "; TLS " + (tlsProtocols.isEmpty() ? "off"
                : String.join(", ", tlsProtocols)) + ")");
        l.add("groups:     " + groups.size());
        for (Group g : groups) {
            List<String> pools = new ArrayList<>();
            if (g.ipv4Pool() != null) {
                pools.add("IPv4 from " + g.ipv4Pool());
            }
            if (g.ipv6Pool() != null) {
                pools.add("IPv6 from " + g.ipv6Pool());
            }
            l.add("  " + g.name() + ": " + String.join(", ", pools) + ", " + (g.routes().isEmpty() ? "full tunnel"
                    : "routes " + String.join(", ", g.routes())) + ", ACL " + g.acl());
        }
        l.add("pools:      " + pools.size());
        for (Pool p : pools) {
            l.add("  " + p.name() + ": " + String.join(" ", Stream.of(p.ipv4(), p.ipv6()).filter(x -> x != null)
                    .toList()));
        }
        l.add("data plane: " + dataPlane);
        l.add("control:    " + controlSocket);
        return l;
    }
}
