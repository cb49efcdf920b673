package io.gmgw.gateway.route;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An IPv4 or IPv6 address as the router's table key: 128 bits, IPv4 in its IPv4-mapped form (RFC 4291 §2.5.5.2) so
 * that both families share one table and never collide. Read straight from a packet's header without parsing the
 * rest (the ACL layer parses fully).
 */
record AddressKey(long high, long low) {
    private static final long V4_MAPPED = 0xffff_0000_0000L;

    static AddressKey of(InetAddress address) {
        byte[] a = address.getAddress();
        if (address instanceof Inet4Address) {
            return new AddressKey(0, V4_MAPPED | (((long) (a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16)
                    | ((a[2] & 0xff) << 8) | (a[3] & 0xff)));
        }
        return new AddressKey(longAt(a, 0), longAt(a, 8));
    }

    /**
     * The destination of the IP packet in {@code packet}'s readable bytes (indices not moved), or null when it is
     * neither a whole IPv4 header (version 4, at least 20 bytes: destination at bytes 16-19, RFC 791 §3.1) nor a whole
     * IPv6 header (version 6, at least 40 bytes: destination at bytes 24-39, RFC 8200 §3).
     */
    static AddressKey destinationOf(ByteBuf packet) {
        int start = packet.readerIndex();
        int length = packet.readableBytes();
        if (length < 1) {
            return null;
        }
        int version = (packet.getByte(start) & 0xff) >>> 4;
        if (version == 4 && length >= 20) {
            return new AddressKey(0, V4_MAPPED | packet.getUnsignedInt(start + 16));
        }
        if (version == 6 && length >= 40) {
            return new AddressKey(packet.getLong(start + 24), packet.getLong(start + 32));
        }
        return null;
    }

    private static long longAt(byte[] a, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = v << 8 | (a[i] & 0xff);
        }
        return v;
    }
}
