package io.gmgw.gateway.config;

import io.gmgw.gateway.ip.IpAddresses;
import io.gmgw.gateway.ip.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parsers for the configuration's value kinds that are more than a number: IP addresses, prefixes, OIDs, domain
 * names, names from a fixed list. Each records its error at the item's node, in the form "what is wrong; write X
 * instead", and returns null.
 */
final class Values {
    private static final Pattern DOTTED_OID = Pattern.compile("[0-2](\\.(0|[1-9]\\d*))+");
    private static final Pattern DOMAIN_LABEL = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** Subject attributes by the short names RFC 4514 and OpenSSL use, for user-oid and group-oid. */
    static final Map<String, String> ATTRIBUTES = new LinkedHashMap<>();

    static {
        ATTRIBUTES.put("CN", "2.5.4.3");
        ATTRIBUTES.put("OU", "2.5.4.11");
        ATTRIBUTES.put("O", "2.5.4.10");
        ATTRIBUTES.put("UID", "0.9.2342.19200300.100.1.1");
        ATTRIBUTES.put("serialNumber", "2.5.4.5");
        ATTRIBUTES.put("emailAddress", "1.2.840.113549.1.9.1");
    }

    private Values() {
    }

    /** An IPv4 or IPv6 address literal (never a host name: nothing is looked up). */
    static InetAddress address(Section s, String key, Section.Item item) {
        InetAddress a = IpAddresses.parse(item.text());
        if (a == null) {
            s.error(item.node(), s.shown(key) + ": '" + item.text() + "' is not an IP address; write an IPv4 or IPv6 "
                    + "address such as 192.0.2.1 or 2001:db8::1 (host names are not looked up)");
        }
        return a;
    }

    /** The addresses of a list, each once. */
    static List<InetAddress> addresses(Section s, String key) {
        List<InetAddress> out = new ArrayList<>();
        for (Section.Item i : s.list(key)) {
            InetAddress a = address(s, key, i);
            if (a == null) {
                continue;
            }
            if (out.contains(a)) {
                s.error(i.node(), s.shown(key) + ": " + i.text() + " is listed twice; remove one");
                continue;
            }
            out.add(a);
        }
        return out;
    }

    /** {@code ADDRESS/LENGTH} with the host bits zero ({@code 10.20.0.0/16}, {@code fd00:99::/64}). */
    static IpPrefix prefix(Section s, String key, Section.Item item) {
        String t = item.text().strip();
        int slash = t.indexOf('/');
        InetAddress a = IpAddresses.parse(slash < 0 ? t : t.substring(0, slash));
        if (a == null) {
            s.error(item.node(), s.shown(key) + ": '" + t + "' is not an IP prefix; write a network and its length "
                    + "such as 10.20.0.0/16 or fd00:20::/48");
            return null;
        }
        int bits = a.getAddress().length * 8;
        if (slash < 0) {
            s.error(item.node(), s.shown(key) + ": '" + t + "' has no prefix length; write " + t + "/" + bits
                    + " for this one address, or the network with its length such as "
                    + IpAddresses.format(IpPrefix.network(a, bits == 32 ? 24 : 64)) + "/" + (bits == 32 ? 24 : 64));
            return null;
        }
        String lengthText = t.substring(slash + 1);
        Integer length = null;
        if (lengthText.matches("\\d{1,3}")) {
            length = Integer.parseInt(lengthText);
        } else if (a instanceof Inet4Address) {
            InetAddress mask = IpAddresses.parse(lengthText);
            Integer fromMask = mask instanceof Inet4Address ? maskLength(mask.getAddress()) : null;
            if (fromMask != null) {
                s.error(item.node(), s.shown(key) + ": '" + t + "' gives a netmask; write "
                        + IpAddresses.format(IpPrefix.network(a, fromMask)) + "/" + fromMask + " instead");
                return null;
            }
        }
        if (length == null || length > bits) {
            s.error(item.node(), s.shown(key) + ": '" + lengthText + "' is not a prefix length; write a number from 0 "
                    + "to " + bits + " after the slash");
            return null;
        }
        InetAddress network = IpPrefix.network(a, length);
        if (!network.equals(a)) {
            s.error(item.node(), s.shown(key) + ": " + t + " has host bits set; write " + IpAddresses.format(network)
                    + "/" + length + " instead");
            return null;
        }
        return new IpPrefix(a, length);
    }

    /** The prefix length a contiguous netmask gives, or null. */
    private static Integer maskLength(byte[] mask) {
        int n = 0;
        boolean zero = false;
        for (byte b : mask) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = (b >> bit & 1) == 1;
                if (one && zero) {
                    return null;
                }
                if (one) {
                    n++;
                } else {
                    zero = true;
                }
            }
        }
        return n;
    }

    /** A dotted OID, or the short name of a subject attribute (CN, OU, UID, ...), as a dotted OID. */
    static String oid(Section s, String key, Section.Item item) {
        String t = item.text().strip();
        for (Map.Entry<String, String> e : ATTRIBUTES.entrySet()) {
            if (e.getKey().equalsIgnoreCase(t)) {
                return e.getValue();
            }
        }
        if (DOTTED_OID.matcher(t).matches()) {
            return t;
        }
        s.error(item.node(), s.shown(key) + ": '" + t + "' is not an OID; write a dotted OID such as 2.5.4.3, or "
                + "one of " + String.join(", ", ATTRIBUTES.keySet()));
        return null;
    }

    /** A DNS name ({@code corp.example.com}), without a trailing dot. */
    static String domain(Section s, String key, Section.Item item) {
        String t = item.text().strip();
        String d = t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
        boolean ok = !d.isEmpty() && d.length() <= 253;
        for (String label : d.split("\\.", -1)) {
            ok &= DOMAIN_LABEL.matcher(label).matches();
        }
        if (!ok) {
            s.error(item.node(), s.shown(key) + ": '" + t + "' is not a domain name; write a name such as "
                    + "corp.example.com (letters, digits and hyphens between dots)");
            return null;
        }
        return d.toLowerCase(Locale.ROOT);
    }

    /** One of {@code choices}, compared without case, as the choice writes itself; null with a suggestion. */
    static String choice(Section s, String key, Section.Item item, Collection<String> choices, String more) {
        String t = item.text().strip();
        for (String c : choices) {
            if (c.equalsIgnoreCase(t)) {
                return c;
            }
        }
        Optional<String> near = Suggestions.nearest(t, choices);
        s.error(item.node(), s.shown(key) + ": '" + t + "' is not " + more + "; " + near.map(n -> "write " + n
                + " instead").orElseGet(() -> "write one of " + String.join(", ", choices)));
        return null;
    }

    /** A name the file defines elsewhere (a pool, a group), or null with the nearest defined one. */
    static String reference(Section s, String key, Section.Item item, Collection<String> defined, String what) {
        String t = item.text().strip();
        if (defined.contains(t)) {
            return t;
        }
        Optional<String> near = Suggestions.nearest(t, defined);
        s.error(item.node(), s.shown(key) + ": there is no " + what + " named '" + t + "'; " + near.map(n -> "write "
                + n + " instead").orElseGet(() -> defined.isEmpty() ? "define it first" : "write one of "
                + String.join(", ", defined)));
        return null;
    }
}
