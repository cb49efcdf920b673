package io.gmgw.gateway.packet;

import io.netty.buffer.ByteBuf;

/**
 * The Internet checksum (RFC 1071: the one's complement of the one's complement sum of 16-bit words) over bytes of a
 * buffer, with the pseudo-headers UDP and ICMPv6 include: IPv4's (RFC 768) and IPv6's (RFC 8200 §8.1). Offsets are
 * absolute buffer indexes; nothing moves the buffer's indexes. To fill in a checksum, zero its field, compute, write
 * the result; to check one, compute over the bytes as received: a correct checksum gives 0.
 */
public final class Checksums {
    private Checksums() {
    }

    /** The 32-bit running sum of {@code length} bytes from {@code index} (an odd last byte padded with zero). */
    public static long sum(ByteBuf buf, int index, int length, long initial) {
        long s = initial;
        int end = index + length;
        int i = index;
        for (; i + 4 <= end; i += 4) {
            s += buf.getUnsignedInt(i); // two words at once; folding later makes this the same sum
        }
        for (; i + 2 <= end; i += 2) {
            s += buf.getUnsignedShort(i);
        }
        if (i < end) {
            s += buf.getUnsignedByte(i) << 8;
        }
        return s;
    }

    /** The checksum (complement of the folded sum) for a running sum. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** The checksum of {@code length} bytes, no pseudo-header (IPv4 header, ICMPv4). */
    public static int of(ByteBuf buf, int index, int length) {
        return finish(sum(buf, index, length, 0));
    }

    /** The IPv4 header checksum of the header at {@code ip}, as stored (0 when the stored one is right). */
    public static int ipv4Header(ByteBuf buf, int ip) {
        return of(buf, ip, (buf.getUnsignedByte(ip) & 0x0f) * 4);
    }

    /**
     * The checksum of the transport segment of the packet at {@code ip} ({@code packet} read from it), with the
     * pseudo-header of its IP version: source, destination, protocol and the segment's length (for IPv6 the upper-
     * layer packet length and Next Header, RFC 8200 §8.1). For UDP a computed 0 is sent as 0xffff (RFC 768).
     */
    public static int withPseudoHeader(ByteBuf buf, int ip, IpPacket packet) {
        int at = ip + packet.transportOffset();
        int length = packet.length() - packet.transportOffset();
        long s;
        if (packet.version() == 4) {
            s = sum(buf, ip + 12, 8, 0) + packet.protocol() + length;
        } else {
            s = sum(buf, ip + 8, 32, 0) + packet.protocol() + length;
        }
        return finish(sum(buf, at, length, s));
    }
}
