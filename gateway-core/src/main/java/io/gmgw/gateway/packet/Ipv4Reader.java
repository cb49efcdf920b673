package io.gmgw.gateway.packet;

import io.netty.buffer.ByteBuf;

/** Reads an IPv4 header (RFC 791 §3.1) into an {@link IpPacket}. */
final class Ipv4Reader {
    static final int MIN_HEADER = 20;

    private Ipv4Reader() {
    }

    static IpPacket read(ByteBuf buf) {
        int start = buf.readerIndex();
        int received = buf.readableBytes();
        if (received < MIN_HEADER) {
            return IpPacket.malformed(PacketDefect.TOO_SHORT);
        }
        int ihl = (buf.getUnsignedByte(start) & 0x0f) * 4;
        if (ihl < MIN_HEADER || ihl > received) {
            return IpPacket.malformed(PacketDefect.BAD_HEADER_LENGTH);
        }
        int total = buf.getUnsignedShort(start + 2);
        // Exactly the bytes received: a tunnel frame carries one packet, so trailing bytes are not padding to trim
        // but something a receiver might read differently from this filter.
        if (total != received || total < ihl) {
            return IpPacket.malformed(PacketDefect.BAD_TOTAL_LENGTH);
        }
        IpPacket p = new IpPacket();
        p.version = 4;
        p.length = total;
        p.transportOffset = ihl;
        p.hopLimit = buf.getUnsignedByte(start + 8);
        p.protocol = buf.getUnsignedByte(start + 9);
        p.srcLo = buf.getUnsignedInt(start + 12);
        p.dstLo = buf.getUnsignedInt(start + 16);
        int flagsOffset = buf.getUnsignedShort(start + 6);
        int offset = flagsOffset & 0x1fff; // in 8-byte units
        boolean more = (flagsOffset & 0x2000) != 0;
        p.fragment = more || offset != 0;
        p.nonInitialFragment = offset != 0;
        if (offset == 1 && p.protocol == IpPacket.TCP) {
            // RFC 1858 §4 / RFC 3128: offset 1 can only rewrite the TCP ports and flags the first fragment showed.
            return IpPacket.malformed(PacketDefect.OVERLAPPING_FRAGMENT);
        }
        return p.readTransport(buf, start);
    }
}
