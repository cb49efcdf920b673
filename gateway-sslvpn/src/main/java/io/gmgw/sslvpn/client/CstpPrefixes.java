package io.gmgw.sslvpn.client;

import io.gmgw.gateway.ip.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Addresses and prefixes as CSTP replies write them (cstp.md §4): routes as {@code addr/len} or {@code addr/dotted-mask}
 * (ocserv and anylink send the latter), netmasks as dotted quads. What comes from the gateway is peer input: a bad
 * value is an {@link IllegalArgumentException} the reply parser turns into a clear refusal.
 */
final class CstpPrefixes {
    private CstpPrefixes() {
    }

    /**
     * Parses {@code addr/len}, {@code addr/dotted-mask} (IPv4, as ocserv and anylink send routes) or
     * {@code addr/ipv6-mask}; a bare address is a host route. Literal addresses only: never a name lookup.
     */
    public static IpPrefix parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        InetAddress addr = literal(slash < 0 ? s : s.substring(0, slash));
        int max = addr instanceof Inet4Address ? 32 : 128;
        if (slash < 0) {
            return new IpPrefix(addr, max);
        }
        String mask = s.substring(slash + 1);
        if (mask.matches("\\d{1,3}")) {
            return new IpPrefix(addr, Integer.parseInt(mask));
        }
        InetAddress m = literal(mask);
        if ((m instanceof Inet4Address) != (addr instanceof Inet4Address)) {
            throw new IllegalArgumentException("'" + text + "': the mask is not of the address's family");
        }
        return new IpPrefix(addr, maskLength(m.getAddress(), text));
    }

    /** A literal IPv4 or IPv6 address; anything else (a name) is refused. */
    public static InetAddress literal(String text) {
        try {
            return InetAddress.ofLiteral(text.strip()); // never a name lookup
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
    }

    /** The length of a contiguous mask ({@code 255.255.255.0} → 24). */
    public static int maskLength(byte[] mask, String where) {
        int len = 0;
        boolean ended = false;
        for (byte b : mask) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = ((b >> bit) & 1) != 0;
                if (one && ended) {
                    throw new IllegalArgumentException("'" + where + "': the mask is not contiguous");
                }
                if (one) {
                    len++;
                } else {
                    ended = true;
                }
            }
        }
        return len;
    }
}
