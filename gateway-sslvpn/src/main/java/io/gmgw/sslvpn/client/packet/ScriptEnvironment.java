package io.gmgw.sslvpn.client.packet;

import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.sslvpn.client.TunnelParameters;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The variables a vpnc-script gets from openconnect 9.01 (cstp.md §11; vpnc-script's header lists the same), built
 * from the tunnel's parameters. In the script-tun mode openconnect leaves out {@code reason} and {@code TUNDEV}, and
 * so does this.
 */
public final class ScriptEnvironment {
    private ScriptEnvironment() {
    }

    public static Map<String, String> of(TunnelParameters p, String gateway, long pid) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("VPNGATEWAY", gateway);
        env.put("VPNPID", Long.toString(pid));
        env.put("LOG_LEVEL", "0");
        p.idleTimeout().ifPresent(d -> env.put("IDLE_TIMEOUT", Long.toString(d.toSeconds())));
        p.address4().ifPresent(a -> {
            env.put("INTERNAL_IP4_ADDRESS", a.getHostAddress());
            env.put("INTERNAL_IP4_MTU", Integer.toString(p.mtu()));
            p.netmask4().filter(m -> m.length() < 32).ifPresent(m -> {
                env.put("INTERNAL_IP4_NETMASK", m.ipv4Netmask());
                env.put("INTERNAL_IP4_NETMASKLEN", Integer.toString(m.length()));
                env.put("INTERNAL_IP4_NETADDR", m.network().address().getHostAddress());
            });
        });
        if (!p.dns().isEmpty()) {
            env.put("INTERNAL_IP4_DNS", join(p.dns(), " ")); // openconnect puts IPv6 DNS here too (§11)
        }
        if (!p.nbns().isEmpty()) {
            env.put("INTERNAL_IP4_NBNS", join(p.nbns(), " "));
        }
        p.address6().ifPresent(a -> {
            env.put("INTERNAL_IP6_ADDRESS", a.address().getHostAddress());
            env.put("INTERNAL_IP6_NETMASK", a.toString());
        });
        if (!p.defaultDomains().isEmpty()) {
            env.put("CISCO_DEF_DOMAIN", String.join(" ", p.defaultDomains()));
        }
        if (!p.banner().isEmpty()) {
            env.put("CISCO_BANNER", p.banner());
        }
        if (!p.splitDns().isEmpty()) {
            env.put("CISCO_SPLIT_DNS", String.join(",", p.splitDns()));
        }
        routes4(env, "CISCO_SPLIT_INC", p.splitInclude4());
        routes4(env, "CISCO_SPLIT_EXC", p.splitExclude4());
        routes6(env, "CISCO_IPV6_SPLIT_INC", p.splitInclude6());
        routes6(env, "CISCO_IPV6_SPLIT_EXC", p.splitExclude6());
        env.put("CISCO_CSTP_OPTIONS", p.cstpHeaders().stream().map(h -> h.getKey() + "=" + h.getValue())
                .collect(Collectors.joining("\n")));
        return env;
    }

    private static void routes4(Map<String, String> env, String prefix, List<IpPrefix> routes) {
        if (routes.isEmpty()) {
            return;
        }
        env.put(prefix, Integer.toString(routes.size()));
        for (int i = 0; i < routes.size(); i++) {
            IpPrefix r = routes.get(i);
            env.put(prefix + "_" + i + "_ADDR", r.address().getHostAddress());
            env.put(prefix + "_" + i + "_MASK", r.ipv4Netmask());
            env.put(prefix + "_" + i + "_MASKLEN", Integer.toString(r.length()));
        }
    }

    private static void routes6(Map<String, String> env, String prefix, List<IpPrefix> routes) {
        if (routes.isEmpty()) {
            return;
        }
        env.put(prefix, Integer.toString(routes.size()));
        for (int i = 0; i < routes.size(); i++) {
            env.put(prefix + "_" + i + "_ADDR", routes.get(i).address().getHostAddress());
            env.put(prefix + "_" + i + "_MASKLEN", Integer.toString(routes.get(i).length()));
        }
    }

    private static String join(List<InetAddress> list, String sep) {
        return list.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(sep));
    }
}
