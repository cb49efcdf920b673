package io.gmgw.gateway.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * IPv4 and IPv6 packets for data-plane tests, built byte by byte from the RFCs: ICMP echo (RFC 792), ICMPv6 echo
 * (RFC 4443 §4) with its pseudo-header checksum (RFC 8200 §8.1), and plain headers for routing tests.
 */
public final class DataPlanePackets {
    public static final int ICMP = 1, ICMPV6 = 58, UDP = 17;

    private DataPlanePackets() {
    }

    /** An IPv4 or IPv6 packet from {@code source} to {@code destination} carrying {@code payload} as {@code protocol}. */
    public static ByteBuf ip(ByteBufAllocator alloc, InetAddress source, InetAddress destination, int protocol,
            byte[] payload) {
        if (source instanceof Inet4Address) {
            ByteBuf b = alloc.buffer(20 + payload.length);
            b.writeByte(0x45).writeByte(0).writeShort(20 + payload.length);
            b.writeShort(0x1234).writeShort(0x4000); // id; don't fragment
            b.writeByte(64).writeByte(protocol).writeShort(0);
            b.writeBytes(source.getAddress()).writeBytes(destination.getAddress());
            b.setShort(10, checksum(b, 0, 20, 0));
            return b.writeBytes(payload);
        }
        ByteBuf b = alloc.buffer(40 + payload.length);
        b.writeInt(0x6000_0000).writeShort(payload.length).writeByte(protocol).writeByte(64);
        b.writeBytes(source.getAddress()).writeBytes(destination.getAddress());
        return b.writeBytes(payload);
    }

    /** An ICMP (IPv4) or ICMPv6 echo of {@code type} with identifier, sequence and data, checksummed. */
    public static ByteBuf echo(ByteBufAllocator alloc, InetAddress source, InetAddress destination, int type,
            int identifier, int sequence, byte[] data) {
        boolean v4 = source instanceof Inet4Address;
        byte[] icmp = new byte[8 + data.length];
        icmp[0] = (byte) type;
        icmp[4] = (byte) (identifier >> 8);
        icmp[5] = (byte) identifier;
        icmp[6] = (byte) (sequence >> 8);
        icmp[7] = (byte) sequence;
        System.arraycopy(data, 0, icmp, 8, data.length);
        ByteBuf packet = ip(alloc, source, destination, v4 ? ICMP : ICMPV6, icmp);
        int header = v4 ? 20 : 40;
        int initial = 0;
        if (!v4) {
            // RFC 8200 §8.1 pseudo-header: source, destination, upper-layer length, next header.
            initial = sum(packet, 8, 32, 0) + icmp.length + ICMPV6;
        }
        packet.setShort(header + 2, checksum(packet, header, icmp.length, initial));
        return packet;
    }

    /** The Internet checksum (RFC 1071) of {@code length} bytes at {@code offset}, starting from a partial sum. */
    public static int checksum(ByteBuf b, int offset, int length, int initial) {
        int sum = sum(b, offset, length, initial);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }

    private static int sum(ByteBuf b, int offset, int length, int initial) {
        long sum = initial;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += b.getUnsignedShort(offset + i);
        }
        if ((length & 1) != 0) {
            sum += (b.getUnsignedByte(offset + length - 1) << 8);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }
}
