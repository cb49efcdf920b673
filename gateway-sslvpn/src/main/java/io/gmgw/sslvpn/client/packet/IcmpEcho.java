package io.gmgw.sslvpn.client.packet;

import io.gmgw.gateway.packet.Checksums;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * ICMP echo requests and replies as whole IP packets, IPv4 (RFC 792, header checksum RFC 791) and IPv6 (RFC 4443,
 * checksum over the pseudo-header of RFC 8200 §8.1): what the client's pinger puts into the tunnel and reads back.
 */
public final class IcmpEcho {
    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int ICMP_HEADER = 8;

    /** An echo reply addressed to us: identifier, sequence number, hop limit left, payload length. */
    public record Reply(InetAddress from, int identifier, int sequence, int ttl, int payloadLength) {
    }

    private IcmpEcho() {
    }

    /** An echo request from {@code source} to {@code target} (same family) with {@code payload} bytes of data. */
    public static ByteBuf request(ByteBufAllocator alloc, InetAddress source, InetAddress target, int identifier,
            int sequence, int payload) {
        boolean v4 = target instanceof Inet4Address;
        if (v4 != source instanceof Inet4Address) {
            throw new IllegalArgumentException("source and target must be of one address family");
        }
        int icmpLength = ICMP_HEADER + payload;
        ByteBuf b = alloc.buffer((v4 ? IPV4_HEADER : IPV6_HEADER) + icmpLength);
        if (v4) {
            b.writeByte(0x45).writeByte(0).writeShort(IPV4_HEADER + icmpLength).writeShort(sequence)
                    .writeShort(0x4000) // don't fragment: a too-large ping should fail, not be split silently
                    .writeByte(64).writeByte(1).writeShort(0).writeBytes(source.getAddress())
                    .writeBytes(target.getAddress());
            b.setShort(10, Checksums.of(b, 0, IPV4_HEADER));
        } else {
            b.writeInt(0x60000000).writeShort(icmpLength).writeByte(58).writeByte(64)
                    .writeBytes(source.getAddress()).writeBytes(target.getAddress());
        }
        int icmp = b.writerIndex();
        b.writeByte(v4 ? 8 : 128).writeByte(0).writeShort(0).writeShort(identifier).writeShort(sequence);
        for (int i = 0; i < payload; i++) {
            b.writeByte(0x10 + i); // the pattern ping(8) uses
        }
        long initial = v4 ? 0 : pseudoHeaderSum(b, 0, icmpLength);
        b.setShort(icmp + 2, Checksums.finish(Checksums.sum(b, icmp, icmpLength, initial)));
        return b;
    }

    /**
     * The echo reply in {@code packet} if it is one from {@code from} to {@code to} with a valid checksum; empty for
     * any other packet. Does not consume or release the buffer.
     */
    public static Optional<Reply> parseReply(ByteBuf packet, InetAddress from, InetAddress to) {
        int at = packet.readerIndex();
        int len = packet.readableBytes();
        if (len < 1) {
            return Optional.empty();
        }
        int version = (packet.getUnsignedByte(at) >> 4);
        if (version == 4 && from instanceof Inet4Address) {
            int ihl = (packet.getUnsignedByte(at) & 0xf) * 4;
            if (len < ihl + ICMP_HEADER || ihl < IPV4_HEADER || packet.getUnsignedByte(at + 9) != 1
                    || packet.getUnsignedShort(at + 2) > len || (packet.getUnsignedShort(at + 6) & 0x3fff) != 0
                    || !addressAt(packet, at + 12, 4, from) || !addressAt(packet, at + 16, 4, to)) {
                return Optional.empty();
            }
            int icmp = at + ihl;
            int icmpLength = packet.getUnsignedShort(at + 2) - ihl;
            if (icmpLength < ICMP_HEADER || packet.getUnsignedByte(icmp) != 0
                    || Checksums.of(packet, icmp, icmpLength) != 0) {
                return Optional.empty();
            }
            return Optional.of(new Reply(from, packet.getUnsignedShort(icmp + 4), packet.getUnsignedShort(icmp + 6),
                    packet.getUnsignedByte(at + 8), icmpLength - ICMP_HEADER));
        }
        if (version == 6 && from instanceof Inet6Address) {
            if (len < IPV6_HEADER + ICMP_HEADER || packet.getUnsignedByte(at + 6) != 58
                    || !addressAt(packet, at + 8, 16, from) || !addressAt(packet, at + 24, 16, to)) {
                return Optional.empty();
            }
            int icmpLength = packet.getUnsignedShort(at + 4);
            int icmp = at + IPV6_HEADER;
            if (icmpLength < ICMP_HEADER || IPV6_HEADER + icmpLength > len || packet.getUnsignedByte(icmp) != 129
                    || Checksums.finish(Checksums.sum(packet, icmp, icmpLength,
                            pseudoHeaderSum(packet, at, icmpLength))) != 0) {
                return Optional.empty();
            }
            return Optional.of(new Reply(from, packet.getUnsignedShort(icmp + 4), packet.getUnsignedShort(icmp + 6),
                    packet.getUnsignedByte(at + 7), icmpLength - ICMP_HEADER));
        }
        return Optional.empty();
    }

    private static boolean addressAt(ByteBuf b, int at, int length, InetAddress expected) {
        byte[] a = new byte[length];
        b.getBytes(at, a);
        return Arrays.equals(a, expected.getAddress());
    }

    /**
     * The running sum of the IPv6 pseudo-header (RFC 8200 §8.1) for ICMPv6 (next header 58) of the packet at
     * {@code ip}: its source and destination as they stand in the header, the ICMPv6 length and the next header.
     */
    private static long pseudoHeaderSum(ByteBuf b, int ip, int length) {
        return Checksums.sum(b, ip + 8, 32, 0) + length + 58;
    }
}
