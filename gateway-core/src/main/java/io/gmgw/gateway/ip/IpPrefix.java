package io.gmgw.gateway.ip;

import io.gmgw.gateway.GatewayException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address with a prefix length, as written in CIDR notation: a network ({@code 10.8.0.0/24}), an
 * interface address with its on-link prefix ({@code 10.8.0.1/24}) or a route ({@code 192.168.10.0/24}). Immutable.
 * Parsing never resolves names: only literals are accepted.
 */
public record IpPrefix(InetAddress address, int length) {
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public IpPrefix {
        if (address == null) {
            throw new IllegalArgumentException("address is null");
        }
        int max = maxLength(address);
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0.." + max + " for "
                    + address.getHostAddress());
        }
    }

    /**
     * Parses {@code 10.8.0.0/24}, {@code fd00:8::/64}, or a bare address (a host: /32 or /128). A bad value is a
     * {@link GatewayException} of kind CONFIG naming {@code what} (for example "pool ipv4-network").
     */
    public static IpPrefix parse(String text, String what) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        String addressPart = slash < 0 ? t : t.substring(0, slash);
        InetAddress address;
        try {
            if (addressPart.indexOf(':') < 0 && !DOTTED_QUAD.matcher(addressPart).matches()) {
                // ofLiteral also takes the legacy short forms ("10.8.0" is 10.8.0.0): not in a config file.
                throw new IllegalArgumentException("not a dotted quad");
            }
            address = InetAddress.ofLiteral(addressPart);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(GatewayException.Kind.CONFIG, what + ": '" + text + "' is not an IPv4 or IPv6"
                    + " address in CIDR notation (write for example 10.8.0.0/24 or fd00:8::/64)", e);
        }
        int length = maxLength(address);
        if (slash >= 0) {
            try {
                length = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0 || length > maxLength(address)) {
                throw new GatewayException(GatewayException.Kind.CONFIG, what + ": '" + text + "' has a bad prefix"
                        + " length (0.." + maxLength(address) + " for " + family(address) + ")");
            }
        }
        return new IpPrefix(address, length);
    }

    /** The largest prefix length of the address's family: 32 or 128. */
    public static int maxLength(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }

    private static String family(InetAddress address) {
        return address instanceof Inet4Address ? "IPv4" : "IPv6";
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** The network: this address with the host bits cleared. */
    public IpPrefix network() {
        return new IpPrefix(masked(address.getAddress(), length), length);
    }

    /** Whether the host bits are all zero (the address is the network's own). */
    public boolean isNetwork() {
        return Arrays.equals(address.getAddress(), network().address.getAddress());
    }

    /** Whether {@code other} (of either family) lies inside this prefix. */
    public boolean contains(InetAddress other) {
        byte[] o = other.getAddress();
        if (o.length != address.getAddress().length) {
            return false;
        }
        return Arrays.equals(masked(o, length).getAddress(), network().address.getAddress());
    }

    /** The bits of the address family (32 or 128). */
    public int familyBits() {
        return maxLength(address);
    }

    /** Whether the two prefixes share an address (same family, and one contains the other's network). */
    public boolean overlaps(IpPrefix other) {
        if (isIpv6() != other.isIpv6()) {
            return false;
        }
        int shorter = Math.min(length, other.length);
        return network(address, shorter).equals(network(other.address, shorter));
    }

    /** How many addresses the prefix spans, 2^(bits - length). */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(familyBits() - length);
    }

    /** The network of {@code address} at {@code length}: its host bits cleared. */
    public static InetAddress network(InetAddress address, int length) {
        return masked(address.getAddress(), length);
    }

    /** The IPv4 netmask in dotted form ({@code 255.255.255.0}); only for IPv4. */
    public String ipv4Netmask() {
        if (!isIpv4()) {
            throw new IllegalStateException(this + " is not IPv4");
        }
        long mask = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
        return (mask >>> 24) + "." + ((mask >>> 16) & 0xff) + "." + ((mask >>> 8) & 0xff) + "." + (mask & 0xff);
    }

    private static InetAddress masked(byte[] bytes, int length) {
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.clamp(length - i * 8L, 0, 8);
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // only thrown for a bad length, and ours is 4 or 16
        }
    }

    /** CIDR notation ({@code 10.8.0.0/24}, {@code fd00:8::/64}: IPv6 in the RFC 5952 short form). */
    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + length;
    }
}
