package io.gmgw.gateway.config;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network, {@code 10.20.0.0/16} or {@code fd00:99::/64}: its first address (host bits zero) and its
 * prefix length.
 */
public record IpPrefix(InetAddress address, int length) {
    public IpPrefix {
        Objects.requireNonNull(address, "address");
        int bits = address.getAddress().length * 8;
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " is not within 0.." + bits);
        }
        if (!network(address, length).equals(address)) {
            throw new IllegalArgumentException(address.getHostAddress() + "/" + length + " has host bits set");
        }
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** The bits of the address family (32 or 128). */
    public int familyBits() {
        return address.getAddress().length * 8;
    }

    /** Whether the two networks share an address (same family, and one contains the other's first address). */
    public boolean overlaps(IpPrefix other) {
        if (isIpv6() != other.isIpv6()) {
            return false;
        }
        int shorter = Math.min(length, other.length);
        return network(address, shorter).equals(network(other.address, shorter));
    }

    /** The network of {@code address} at {@code length}: its host bits cleared. */
    public static InetAddress network(InetAddress address, int length) {
        byte[] bytes = address.getAddress();
        for (int bit = length; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
        }
    }

    /** How many addresses the network holds, 2^(bits - length). */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(familyBits() - length);
    }

    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + length;
    }
}
