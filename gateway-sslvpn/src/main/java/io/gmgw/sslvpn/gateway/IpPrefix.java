package io.gmgw.sslvpn.gateway;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/** An address with a prefix length: a route ({@code 10.20.0.0/16}) or an assigned address with its netmask. */
public record IpPrefix(InetAddress address, int length) {
    public IpPrefix {
        Objects.requireNonNull(address, "address");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0.." + max + " for " + address);
        }
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** The IPv4 netmask in dotted form ({@code 255.255.0.0}); IPv4 only. */
    public String dottedMask() {
        if (!isIpv4()) {
            throw new IllegalStateException("an IPv6 prefix has no dotted mask");
        }
        long mask = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
        return (mask >>> 24) + "." + ((mask >>> 16) & 0xff) + "." + ((mask >>> 8) & 0xff) + "." + (mask & 0xff);
    }

    /** {@code address/length} with the address in its canonical text form. */
    @Override
    public String toString() {
        return address.getHostAddress() + "/" + length;
    }
}
