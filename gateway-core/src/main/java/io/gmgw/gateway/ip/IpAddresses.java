package io.gmgw.gateway.ip;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP address literals: parsed without name lookups, and written in the short form (RFC 5952 for IPv6). */
public final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {
    }

    /** The address {@code text} writes, or null when it is not an IPv4 or IPv6 literal (no DNS lookup is made). */
    public static InetAddress parse(String text) {
        String t = text.strip();
        try {
            if (IPV4.matcher(t).matches()) {
                return InetAddress.getByName(t);
            }
            if (t.contains(":") && IPV6_CHARS.matcher(t).matches()) {
                // a literal with ':' is parsed as IPv6 by the JDK, never looked up
                InetAddress a = InetAddress.getByName(t);
                return a;
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    /** IPv4 dotted quad, IPv6 in RFC 5952 form (lower case, longest run of zero groups as {@code ::}). */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened (RFC 5952 §4.2.2)
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }
}
