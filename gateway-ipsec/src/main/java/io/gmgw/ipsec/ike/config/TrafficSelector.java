package io.gmgw.ipsec.ike.config;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;
import io.gmgw.ipsec.isakmp.payload.Identification;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 subnet as quick mode's client identities carry it (RFC 2409 §5.5: IDci/IDcr; RFC 2407 §4.6.2.5
 * ID_IPV4_ADDR_SUBNET, or ID_IPV4_ADDR for one host), any protocol and port.
 */
public record TrafficSelector(int network, int prefix) {
    public TrafficSelector {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("IPv4 prefix 0..32, not " + prefix);
        }
        if ((network & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("host bits set in " + render(network) + "/" + prefix);
        }
    }

    /** "10.1.0.0/16" */
    public static TrafficSelector parse(String cidr) {
        int slash = cidr.indexOf('/');
        try {
            InetAddress a = InetAddress.getByName(slash < 0 ? cidr : cidr.substring(0, slash));
            if (!(a instanceof Inet4Address)) {
                throw new IllegalArgumentException("not an IPv4 subnet: " + cidr);
            }
            int prefix = slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1));
            return new TrafficSelector(toInt(a.getAddress()), prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv4 subnet: " + cidr, e);
        }
    }

    /** The ID payload: ID_IPV4_ADDR_SUBNET with address and mask, protocol and port 0. */
    public Identification toId() {
        byte[] d = new byte[8];
        put(d, 0, network);
        put(d, 4, mask(prefix));
        return new Identification(Identification.IPV4_ADDR_SUBNET, 0, 0, Octets.of(d));
    }

    /** Reads IDci/IDcr; a port or protocol restriction, another ID type or a non-contiguous mask is refused. */
    public static TrafficSelector fromId(Identification id) {
        if (id.protocolId() != 0 || id.port() != 0) {
            throw new IkeNotifyException(NotifyType.INVALID_ID_INFORMATION, "traffic selector restricted to protocol "
                    + id.protocolId() + " port " + id.port() + ": only whole subnets are supported");
        }
        byte[] d = id.data().toByteArray();
        return switch (id.idType()) {
            case Identification.IPV4_ADDR -> new TrafficSelector(toInt(d), 32);
            case Identification.IPV4_ADDR_SUBNET -> {
                int m = toInt(java.util.Arrays.copyOfRange(d, 4, 8));
                int prefix = Integer.bitCount(m);
                if (m != mask(prefix) || (toInt(d) & ~m) != 0) {
                    throw new IkeNotifyException(NotifyType.INVALID_ID_INFORMATION, "subnet "
                            + render(toInt(d)) + " with mask " + render(m) + " is not a CIDR subnet");
                }
                yield new TrafficSelector(toInt(d), prefix);
            }
            default -> throw new IkeNotifyException(NotifyType.INVALID_ID_INFORMATION, "traffic selector of ID type "
                    + id.idType() + ": only IPv4 addresses and subnets are supported");
        };
    }

    public boolean contains(TrafficSelector o) {
        return o.prefix >= prefix && (o.network & mask(prefix)) == network;
    }

    public boolean contains(int address) {
        return (address & mask(prefix)) == network;
    }

    @Override
    public String toString() {
        return render(network) + "/" + prefix;
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static int toInt(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static void put(byte[] d, int at, int v) {
        d[at] = (byte) (v >>> 24);
        d[at + 1] = (byte) (v >>> 16);
        d[at + 2] = (byte) (v >>> 8);
        d[at + 3] = (byte) v;
    }

    private static String render(int v) {
        return (v >>> 24) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
    }
}
