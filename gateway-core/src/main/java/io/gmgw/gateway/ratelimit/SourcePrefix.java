package io.gmgw.gateway.ratelimit;

import io.gmgw.gateway.ip.IpAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The unit a source is counted by: a whole IPv4 address, or the first {@link #length()} bits of an IPv6 address (/64
 * unless configured, {@code rate-limit.ipv6-prefix}). One IPv6 host is usually given a whole /64 (RFC 7421), so
 * counting single IPv6 addresses would give one machine 2^64 buckets; a site that hands its hosts /56s or /48s counts
 * them by that. IPv4-mapped IPv6 addresses arrive as {@link Inet4Address} (the JDK converts them), so they count as
 * IPv4. Public for every per-source table (the handshake rate limiter here, the SSL VPN's ban list).
 *
 * @param ipv6   whether the source is an IPv6 prefix
 * @param high   the first 64 bits (IPv6) or the address (IPv4, in the low 32 bits), bits past the prefix zero
 * @param low    the last 64 bits of an IPv6 prefix longer than 64, bits past the prefix zero; 0 otherwise
 * @param length the prefix length: 32 for IPv4, 1-128 for IPv6
 */
public record SourcePrefix(boolean ipv6, long high, long low, int length) {
    /** IPv6 sources are grouped by /64 unless configured otherwise (wireguard-go's ratelimiter does the same). */
    public static final int DEFAULT_IPV6_PREFIX = 64;

    /** The unit {@code address} counts under, IPv6 sources grouped by /64. */
    public static SourcePrefix of(InetAddress address) {
        return of(address, DEFAULT_IPV6_PREFIX);
    }

    /** The unit {@code address} counts under, IPv6 sources grouped by their first {@code ipv6Length} bits (1-128). */
    public static SourcePrefix of(InetAddress address, int ipv6Length) {
        checkLength(ipv6Length);
        byte[] a = address.getAddress();
        if (address instanceof Inet4Address) {
            return new SourcePrefix(false, ((a[0] & 0xFFL) << 24) | ((a[1] & 0xFFL) << 16) | ((a[2] & 0xFFL) << 8)
                    | (a[3] & 0xFFL), 0, 32);
        }
        if (address instanceof Inet6Address) {
            long high = 0;
            long low = 0;
            for (int i = 0; i < 8; i++) {
                high = (high << 8) | (a[i] & 0xFFL);
                low = (low << 8) | (a[8 + i] & 0xFFL);
            }
            return new SourcePrefix(true, high & mask(ipv6Length), low & mask(ipv6Length - 64), ipv6Length);
        }
        throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + address);
    }

    static void checkLength(int ipv6Length) {
        if (ipv6Length < 1 || ipv6Length > 128) {
            throw new IllegalArgumentException("IPv6 source prefix length " + ipv6Length
                    + " is outside 1..128: give the prefix a site hands one host, such as 64");
        }
    }

    /** The first {@code bits} of 64 set (all for 64 or more, none for 0 or less). */
    private static long mask(int bits) {
        return bits >= 64 ? -1L : bits <= 0 ? 0L : -1L << (64 - bits);
    }

    /** {@code 192.0.2.9} or {@code 2001:db8:1:2::/64} (RFC 5952 form). */
    @Override
    public String toString() {
        if (!ipv6) {
            return ((high >>> 24) & 0xFF) + "." + ((high >>> 16) & 0xFF) + "." + ((high >>> 8) & 0xFF) + "."
                    + (high & 0xFF);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        try {
            return IpAddresses.format(InetAddress.getByAddress(b)) + "/" + length;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
