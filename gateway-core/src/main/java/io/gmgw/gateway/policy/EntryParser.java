package io.gmgw.gateway.policy;

import io.gmgw.acl.format.AclRule;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads the words of one entry (as acl-integrity's Cisco IOS reader found it, blanks squeezed, hit counts dropped)
 * into an {@link AccessListEntry}: {@code [seq | sequence seq] permit|deny PROTOCOL SOURCE [PORTS] DESTINATION [PORTS]
 * [ICMP-TYPE [CODE]] [established] [ack|fin|psh|rst|syn|urg]… [fragments] [log|log-input] [sequence seq]}, the grammar
 * of IOS {@code ip access-list extended} and {@code ipv6 access-list} entries. Anything else (dscp, precedence, ttl,
 * time-range, object-group, reflect, …) is refused by name rather than ignored: an ignored condition would widen
 * the rule.
 */
final class EntryParser {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final List<String> TCP_FLAGS = List.of("fin", "syn", "rst", "psh", "ack", "urg");

    private final List<String> words;
    private final AclRule rule;
    private final int family;
    private int at;

    private EntryParser(AclRule rule, List<String> words, int family) {
        this.rule = rule;
        this.words = words;
        this.family = family;
    }

    /**
     * The entry of {@code rule} in a list of {@code family} (4 or 6); {@code implicitSequence} is used when the entry
     * names none (IOS numbers entries 10, 20, … in that case).
     */
    static AccessListEntry parse(AclRule rule, int family, int implicitSequence) {
        List<String> words = new ArrayList<>(List.of(rule.text().split(" ")));
        if (words.get(0).equals("access-list")) {
            words = words.subList(2, words.size()); // "access-list N": the list's name is its context
        }
        return new EntryParser(rule, words, family).entry(implicitSequence);
    }

    private AccessListEntry entry(int implicitSequence) {
        int sequence = -1;
        if (peek().equals("sequence")) {
            at++;
            sequence = number("a sequence number", 1, Integer.MAX_VALUE);
        } else if (peek().matches("\\d+")) {
            sequence = number("a sequence number", 1, Integer.MAX_VALUE);
        }
        String action = next("permit or deny");
        if (!action.equals("permit") && !action.equals("deny")) {
            throw fail("expected permit or deny, found '" + action + "'");
        }
        int protocol = protocol();
        AddressMatch source = address("source");
        PortMatch sourcePorts = ports(protocol);
        AddressMatch destination = address("destination");
        PortMatch destinationPorts = ports(protocol);
        int icmpType = -1;
        int icmpCode = -1;
        int icmp = family == 4 ? 1 : 58;
        if (protocol == icmp && !atEnd()) {
            ServiceNames.Icmp named = ServiceNames.icmp(peek(), family);
            if (named != null) {
                at++;
                icmpType = named.type();
                icmpCode = named.code();
            } else if (peek().matches("\\d{1,3}")) {
                icmpType = number("an ICMP type", 0, 255);
                if (!atEnd() && peek().matches("\\d{1,3}")) {
                    icmpCode = number("an ICMP code", 0, 255);
                }
            }
        }
        boolean established = false;
        int flags = 0;
        boolean fragments = false;
        boolean log = false;
        while (!atEnd()) {
            String w = next("an option");
            switch (w) {
                case "established" -> {
                    requireTcp(protocol, w);
                    established = true;
                }
                case "fin", "syn", "rst", "psh", "ack", "urg" -> {
                    requireTcp(protocol, w);
                    flags |= 1 << TCP_FLAGS.indexOf(w);
                }
                case "fragments" -> fragments = true;
                case "log", "log-input" -> log = true;
                case "sequence" -> {
                    if (sequence >= 0) {
                        throw fail("the entry names its sequence number twice");
                    }
                    sequence = number("a sequence number", 1, Integer.MAX_VALUE);
                }
                default -> throw fail("'" + w + "' is not supported in a gmgw group ACL (supported after the "
                        + "addresses: an ICMP type, established, TCP flags, fragments, log); remove it, or write "
                        + "the condition with addresses and ports");
            }
        }
        boolean layer4 = sourcePorts != null || destinationPorts != null || icmpType >= 0 || established
                || flags != 0;
        if (fragments && layer4) {
            throw fail("'fragments' cannot be combined with ports, ICMP types or TCP flags: a non-initial fragment "
                    + "has none (IOS refuses it too)");
        }
        return new AccessListEntry(rule.context(), family, sequence >= 0 ? sequence : implicitSequence,
                action.equals("permit"), protocol, source, sourcePorts, destination, destinationPorts, icmpType,
                icmpCode, established, flags, fragments, log, rule.text(), rule.line());
    }

    private int protocol() {
        String w = next("a protocol");
        if (w.equals("ip") || w.equals("ipv6")) {
            if (!w.equals(family == 4 ? "ip" : "ipv6")) {
                throw fail("'" + w + "' in an IPv" + family + " access list; write '" + (family == 4 ? "ip" : "ipv6")
                        + "' (a group's IPv4 and IPv6 rules go in separate lists)");
            }
            return -1;
        }
        if (w.equals("icmp")) {
            return family == 4 ? 1 : 58; // in an ipv6 access-list, 'icmp' is ICMPv6
        }
        Integer named = ServiceNames.PROTOCOLS.get(w);
        if (named != null) {
            return named;
        }
        if (w.matches("\\d{1,3}")) {
            at--;
            return number("a protocol number", 0, 255);
        }
        if (w.equals("object-group")) {
            throw fail("object groups are not supported; list the protocols in separate entries");
        }
        throw fail("unknown protocol '" + w + "' (ip, ipv6, tcp, udp, icmp, a name such as gre or esp, or 0-255)");
    }

    private AddressMatch address(String role) {
        String w = next("the " + role + " address (any, host A, " + (family == 4 ? "A WILDCARD" : "PREFIX/LENGTH")
                + ")");
        if (w.equals("any")) {
            return AddressMatch.ANY;
        }
        if (w.equals("host")) {
            String a = next("the " + role + " host's address");
            return family == 4 ? AddressMatch.ipv4(ipv4(a), 0, "host " + a)
                    : prefix(a, 128, "host " + a);
        }
        if (w.equals("object-group") || w.equals("addrgroup")) {
            throw fail("address groups are not supported; write one entry per network");
        }
        if (family == 4) {
            int address = ipv4(w);
            String wild = next("the wildcard of " + w + " (e.g. 0.0.0.255 for a /24)");
            int wildcard = ipv4(wild);
            // Only contiguous wildcards (0…01…1): IOS accepts others, but "10.0.0.0 255.255.255.0" is then a
            // netmask typed where a wildcard belongs and permits every x.y.z.0 address: fail closed instead.
            if ((wildcard & (wildcard + 1)) != 0) {
                throw fail("'" + w + " " + wild + "': " + wild + " is not a wildcard mask (a wildcard is the inverse "
                        + "of a netmask: 0.0.0.255 matches a /24; non-contiguous wildcards are refused)");
            }
            return AddressMatch.ipv4(address, wildcard, w + " " + wild);
        }
        int slash = w.indexOf('/');
        if (slash < 0 || !w.substring(slash + 1).matches("\\d{1,3}")) {
            throw fail("'" + w + "' is not an IPv6 prefix (write 2001:db8::/32, host 2001:db8::1 or any)");
        }
        int length = Integer.parseInt(w.substring(slash + 1));
        if (length > 128) {
            throw fail("prefix length " + length + " in '" + w + "' is over 128");
        }
        return prefix(w.substring(0, slash), length, w);
    }

    private AddressMatch prefix(String literal, int length, String text) {
        if (!IPV6.matcher(literal).matches()) {
            throw fail("'" + literal + "' is not an IPv6 address");
        }
        InetAddress a;
        try {
            a = InetAddress.ofLiteral(literal); // a literal only: never a name lookup
        } catch (IllegalArgumentException e) {
            throw fail("'" + literal + "' is not an IPv6 address");
        }
        if (!(a instanceof Inet6Address)) {
            throw fail("'" + literal + "' is an IPv4 address in an IPv6 access list");
        }
        ByteBuffer b = ByteBuffer.wrap(a.getAddress());
        return AddressMatch.ipv6(b.getLong(), b.getLong(), length, text);
    }

    private int ipv4(String w) {
        if (!DOTTED_QUAD.matcher(w).matches()) {
            throw fail("'" + w + "' is not an IPv4 address (dotted quad)" + (w.contains(":") ? "; IPv6 entries go "
                    + "in an 'ipv6 access-list NAME' block" : ""));
        }
        return ByteBuffer.wrap(((Inet4Address) InetAddress.ofLiteral(w)).getAddress()).getInt();
    }

    private PortMatch ports(int protocol) {
        if (atEnd()) {
            return null;
        }
        String op = peek();
        PortMatch.Operator operator = switch (op) {
            case "eq" -> PortMatch.Operator.EQ;
            case "neq" -> PortMatch.Operator.NEQ;
            case "lt" -> PortMatch.Operator.LT;
            case "gt" -> PortMatch.Operator.GT;
            case "range" -> PortMatch.Operator.RANGE;
            default -> null;
        };
        if (operator == null) {
            return null;
        }
        if (protocol != 6 && protocol != 17) {
            throw fail("port conditions ('" + op + "') need protocol tcp or udp");
        }
        at++;
        List<Integer> ports = new ArrayList<>();
        ports.add(port(protocol));
        if (operator == PortMatch.Operator.RANGE) {
            ports.add(port(protocol));
            if (ports.get(0) > ports.get(1)) {
                throw fail("range " + ports.get(0) + " " + ports.get(1) + " is empty; write the lower port first");
            }
        } else if (operator == PortMatch.Operator.EQ || operator == PortMatch.Operator.NEQ) {
            while (!atEnd() && ServiceNames.port(peek(), protocol).isPresent() && ports.size() < 10) {
                ports.add(port(protocol)); // IOS takes up to 10 ports after eq/neq
            }
        }
        int[] p = ports.stream().mapToInt(Integer::intValue).toArray();
        StringBuilder text = new StringBuilder(op);
        for (int i = 0; i < p.length; i++) {
            text.append(' ').append(words.get(at - p.length + i));
        }
        return new PortMatch(operator, p, text.toString());
    }

    private int port(int protocol) {
        String w = next("a port");
        OptionalInt p = ServiceNames.port(w, protocol);
        if (p.isEmpty()) {
            throw fail("'" + w + "' is not a " + (protocol == 6 ? "TCP" : "UDP") + " port (0-65535 or a name such "
                    + "as " + (protocol == 6 ? "www" : "domain") + ")");
        }
        return p.getAsInt();
    }

    private void requireTcp(int protocol, String word) {
        if (protocol != 6) {
            throw fail("'" + word + "' needs protocol tcp");
        }
    }

    private int number(String what, int min, int max) {
        String w = next(what);
        long n;
        try {
            n = Long.parseLong(w);
        } catch (NumberFormatException e) {
            throw fail("expected " + what + ", found '" + w + "'");
        }
        if (n < min || n > max) {
            throw fail(what + " " + w + " is out of range (" + min + "-" + max + ")");
        }
        return (int) n;
    }

    private String peek() {
        return atEnd() ? "" : words.get(at);
    }

    private boolean atEnd() {
        return at >= words.size();
    }

    private String next(String expected) {
        if (atEnd()) {
            throw fail("the entry ends where " + expected + " should follow");
        }
        return words.get(at++);
    }

    private AclSyntaxException fail(String message) {
        return new AclSyntaxException(rule.line(), message + " in '" + rule.text() + "'");
    }
}
