package io.gmgw.gateway.ratelimit;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The unit a source is counted by: a whole IPv4 address, or the /64 prefix of an IPv6 address. One IPv6 host is
 * usually given a whole /64 (RFC 7421), so counting single IPv6 addresses would give one machine 2^64 buckets.
 * IPv4-mapped IPv6 addresses arrive as {@link Inet4Address} (the JDK converts them), so they count as IPv4. Public
 * for every per-source table (the handshake rate limiter here, the SSL VPN's ban list), so all count sources alike.
 */
public record SourcePrefix(boolean ipv6, long bits) {
    /** The unit {@code address} counts under. */
    public static SourcePrefix of(InetAddress address) {
        byte[] a = address.getAddress();
        if (address instanceof Inet4Address) {
            return new SourcePrefix(false, ((a[0] & 0xFFL) << 24) | ((a[1] & 0xFFL) << 16) | ((a[2] & 0xFFL) << 8)
                    | (a[3] & 0xFFL));
        }
        if (address instanceof Inet6Address) {
            long high = 0;
            for (int i = 0; i < 8; i++) {
                high = (high << 8) | (a[i] & 0xFFL);
            }
            return new SourcePrefix(true, high);
        }
        throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + address);
    }

    @Override
    public String toString() {
        if (!ipv6) {
            return ((bits >>> 24) & 0xFF) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "."
                    + (bits & 0xFF);
        }
        StringBuilder s = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            s.append(Long.toHexString((bits >>> (16 * i)) & 0xFFFF)).append(':');
        }
        return s.append(":/64").toString();
    }
}
