package io.gmgw.gateway.policy;

import java.util.Map;
import java.util.OptionalInt;

/**
 * The names Cisco IOS accepts in extended access lists for protocols, ports and ICMP types (IOS command reference,
 * {@code permit (IP)} / {@code permit (IPv6)}), plus the common port names of the ASA ({@code https}, {@code ssh},
 * {@code ldap}, …) that operators write anyway. A port name is per protocol, as in IOS ({@code domain} is both; {@code
 * www} only TCP). An ICMP name stands for a type, or a type and a code ({@code port-unreachable} is 3/3).
 */
final class ServiceNames {
    /** An ICMP type and code, code -1 for any. */
    record Icmp(int type, int code) {
    }

    static final Map<String, Integer> PROTOCOLS = Map.ofEntries(Map.entry("ahp", 51), Map.entry("eigrp", 88),
            Map.entry("esp", 50), Map.entry("gre", 47), Map.entry("igmp", 2), Map.entry("ipinip", 4),
            Map.entry("nos", 94), Map.entry("ospf", 89), Map.entry("pcp", 108), Map.entry("pim", 103),
            Map.entry("sctp", 132), Map.entry("tcp", 6), Map.entry("udp", 17));

    private static final Map<String, Integer> TCP = Map.ofEntries(Map.entry("bgp", 179), Map.entry("chargen", 19),
            Map.entry("cmd", 514), Map.entry("daytime", 13), Map.entry("discard", 9), Map.entry("domain", 53),
            Map.entry("echo", 7), Map.entry("exec", 512), Map.entry("finger", 79), Map.entry("ftp", 21),
            Map.entry("ftp-data", 20), Map.entry("gopher", 70), Map.entry("hostname", 101), Map.entry("ident", 113),
            Map.entry("irc", 194), Map.entry("klogin", 543), Map.entry("kshell", 544), Map.entry("login", 513),
            Map.entry("lpd", 515), Map.entry("msrpc", 135), Map.entry("nntp", 119), Map.entry("pim-auto-rp", 496),
            Map.entry("pop2", 109), Map.entry("pop3", 110), Map.entry("smtp", 25), Map.entry("sunrpc", 111),
            Map.entry("syslog", 514), Map.entry("tacacs", 49), Map.entry("talk", 517), Map.entry("telnet", 23),
            Map.entry("time", 37), Map.entry("uucp", 540), Map.entry("whois", 43), Map.entry("www", 80),
            // ASA names
            Map.entry("https", 443), Map.entry("ssh", 22), Map.entry("ldap", 389), Map.entry("ldaps", 636),
            Map.entry("kerberos", 88), Map.entry("imap4", 143), Map.entry("sqlnet", 1521));

    private static final Map<String, Integer> UDP = Map.ofEntries(Map.entry("biff", 512), Map.entry("bootpc", 68),
            Map.entry("bootps", 67), Map.entry("discard", 9), Map.entry("dnsix", 195), Map.entry("domain", 53),
            Map.entry("echo", 7), Map.entry("isakmp", 500), Map.entry("mobile-ip", 434), Map.entry("nameserver", 42),
            Map.entry("netbios-dgm", 138), Map.entry("netbios-ns", 137), Map.entry("netbios-ss", 139),
            Map.entry("non500-isakmp", 4500), Map.entry("ntp", 123), Map.entry("pim-auto-rp", 496),
            Map.entry("rip", 520), Map.entry("ripv6", 521), Map.entry("snmp", 161), Map.entry("snmptrap", 162),
            Map.entry("sunrpc", 111), Map.entry("syslog", 514), Map.entry("tacacs", 49), Map.entry("talk", 517),
            Map.entry("tftp", 69), Map.entry("time", 37), Map.entry("who", 513), Map.entry("xdmcp", 177),
            // ASA names
            Map.entry("kerberos", 88), Map.entry("radius", 1645), Map.entry("radius-acct", 1646));

    private static final Map<String, Icmp> ICMP4 = Map.ofEntries(m4("administratively-prohibited", 3, 13),
            m4("alternate-address", 6, -1), m4("conversion-error", 31, -1), m4("dod-host-prohibited", 3, 10),
            m4("dod-net-prohibited", 3, 9), m4("echo", 8, -1), m4("echo-reply", 0, -1),
            m4("general-parameter-problem", 12, 0), m4("host-isolated", 3, 8), m4("host-precedence-unreachable", 3, 14),
            m4("host-redirect", 5, 1), m4("host-tos-redirect", 5, 3), m4("host-tos-unreachable", 3, 12),
            m4("host-unknown", 3, 7), m4("host-unreachable", 3, 1), m4("information-reply", 16, -1),
            m4("information-request", 15, -1), m4("mask-reply", 18, -1), m4("mask-request", 17, -1),
            m4("mobile-redirect", 32, -1), m4("net-redirect", 5, 0), m4("net-tos-redirect", 5, 2),
            m4("net-tos-unreachable", 3, 11), m4("net-unreachable", 3, 0), m4("network-unknown", 3, 6),
            m4("no-room-for-option", 12, 2), m4("option-missing", 12, 1), m4("packet-too-big", 3, 4),
            m4("parameter-problem", 12, -1), m4("port-unreachable", 3, 3), m4("precedence-unreachable", 3, 15),
            m4("protocol-unreachable", 3, 2), m4("reassembly-timeout", 11, 1), m4("redirect", 5, -1),
            m4("router-advertisement", 9, -1), m4("router-solicitation", 10, -1), m4("source-quench", 4, -1),
            m4("source-route-failed", 3, 5), m4("time-exceeded", 11, -1), m4("timestamp-reply", 14, -1),
            m4("timestamp-request", 13, -1), m4("traceroute", 30, -1), m4("ttl-exceeded", 11, 0),
            m4("unreachable", 3, -1));

    private static final Map<String, Icmp> ICMP6 = Map.ofEntries(m4("beyond-scope", 1, 2),
            m4("destination-unreachable", 1, -1), m4("echo-reply", 129, -1), m4("echo-request", 128, -1),
            m4("header", 4, 0), m4("hop-limit", 3, 0), m4("mld-query", 130, -1), m4("mld-reduction", 132, -1),
            m4("mld-report", 131, -1), m4("nd-na", 136, -1), m4("nd-ns", 135, -1), m4("next-header", 4, 1),
            m4("no-admin", 1, 1), m4("no-route", 1, 0), m4("packet-too-big", 2, -1), m4("parameter-option", 4, 2),
            m4("parameter-problem", 4, -1), m4("port-unreachable", 1, 4), m4("reassembly-timeout", 3, 1),
            m4("redirect", 137, -1), m4("router-advertisement", 134, -1), m4("router-renumbering", 138, -1),
            m4("router-solicitation", 133, -1), m4("time-exceeded", 3, -1), m4("unreachable", 1, -1));

    private ServiceNames() {
    }

    private static Map.Entry<String, Icmp> m4(String name, int type, int code) {
        return Map.entry(name, new Icmp(type, code));
    }

    /** A port number or the name of one for {@code protocol} (6 or 17). */
    static OptionalInt port(String word, int protocol) {
        if (word.matches("\\d{1,5}")) {
            int p = Integer.parseInt(word);
            return p <= 65535 ? OptionalInt.of(p) : OptionalInt.empty();
        }
        Integer p = (protocol == 6 ? TCP : UDP).get(word);
        return p == null ? OptionalInt.empty() : OptionalInt.of(p);
    }

    /** An ICMP (family 4) or ICMPv6 (family 6) message name. */
    static Icmp icmp(String word, int family) {
        return (family == 4 ? ICMP4 : ICMP6).get(word);
    }

    /**
     * The reply to an informational ICMP request type, or -1: echo 8 → 0, timestamp 13 → 14, information 15 → 16,
     * address mask 17 → 18 (RFC 792, RFC 950); ICMPv6 echo 128 → 129 (RFC 4443 §4).
     */
    static int replyTo(int type, int family) {
        if (family == 6) {
            return type == 128 ? 129 : -1;
        }
        return switch (type) {
            case 8 -> 0;
            case 13 -> 14;
            case 15 -> 16;
            case 17 -> 18;
            default -> -1;
        };
    }
}
