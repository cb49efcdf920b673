package io.gmgw.sslvpn.client;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address with a prefix length: a route ({@code X-CSTP-Split-Include}, host bits cleared) or an interface address
 * ({@code X-CSTP-Address-IP6}, host bits kept).
 */
public record IpPrefix(InetAddress address, int length) {
    public IpPrefix {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " out of 0.." + max);
        }
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

    /** The network of this prefix (host bits cleared), as openconnect fixes routes with host bits set. */
    public IpPrefix network() {
        byte[] a = address.getAddress();
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, length - i * 8));
            a[i] &= (byte) (0xff00 >> keep);
        }
        try {
            return new IpPrefix(InetAddress.getByAddress(a), length);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The IPv4 mask in dotted form ({@code 24} → {@code 255.255.255.0}). */
    public String dottedMask() {
        long m = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
        return (m >> 24) + "." + ((m >> 16) & 0xff) + "." + ((m >> 8) & 0xff) + "." + (m & 0xff);
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + length;
    }
}
