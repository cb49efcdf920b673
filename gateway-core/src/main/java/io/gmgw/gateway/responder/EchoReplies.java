package io.gmgw.gateway.responder;

import io.gmgw.gateway.packet.Checksums;
import io.gmgw.gateway.packet.IpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Builds the reply to a checked echo request: a new IP header (addresses swapped), then the request's transport
 * bytes with the type or ports turned around, and the checksums computed over what was written.
 */
final class EchoReplies {
    private EchoReplies() {
    }

    /** RFC 791 header without options: DF clear and a fresh identification, as Linux answers an echo. */
    static ByteBuf ipv4(ByteBufAllocator alloc, ByteBuf request, IpPacket p, int id) {
        int ip = request.readerIndex();
        int segment = p.length() - p.transportOffset();
        int length = 20 + segment;
        ByteBuf out = alloc.buffer(length);
        boolean ok = false;
        try {
            out.writeByte(0x45);
            out.writeByte(request.getUnsignedByte(ip + 1)); // TOS/DSCP kept, as Linux does
            out.writeShort(length);
            out.writeShort(id);
            out.writeShort(0); // no flags, offset 0
            out.writeByte(EchoResponder.TTL);
            out.writeByte(p.protocol());
            out.writeShort(0); // header checksum, below
            out.writeBytes(request, ip + 16, 4); // source: the address the request was sent to
            out.writeBytes(request, ip + 12, 4);
            out.writeBytes(request, ip + p.transportOffset(), segment);
            out.setShort(10, Checksums.of(out, 0, 20));
            turnAround(out, 20, p);
            ok = true;
            return out;
        } finally {
            if (!ok) {
                out.release();
            }
        }
    }

    /** RFC 8200 header: traffic class kept, flow label 0, no extension headers, hop limit 64. */
    static ByteBuf ipv6(ByteBufAllocator alloc, ByteBuf request, IpPacket p) {
        int ip = request.readerIndex();
        int segment = p.length() - p.transportOffset();
        ByteBuf out = alloc.buffer(40 + segment);
        boolean ok = false;
        try {
            int trafficClass = (request.getInt(ip) >>> 20) & 0xff;
            out.writeInt(6 << 28 | trafficClass << 20);
            out.writeShort(segment);
            out.writeByte(p.protocol());
            out.writeByte(EchoResponder.TTL);
            out.writeBytes(request, ip + 24, 16);
            out.writeBytes(request, ip + 8, 16);
            out.writeBytes(request, ip + p.transportOffset(), segment);
            turnAround(out, 40, p);
            ok = true;
            return out;
        } finally {
            if (!ok) {
                out.release();
            }
        }
    }

    /** Echo request → reply type, or UDP ports swapped; then the transport checksum over the reply. */
    private static void turnAround(ByteBuf out, int at, IpPacket p) {
        int checksumAt;
        switch (p.protocol()) {
            case IpPacket.ICMP -> {
                out.setByte(at, 0); // echo reply
                checksumAt = at + 2;
            }
            case IpPacket.ICMPV6 -> {
                out.setByte(at, 129); // echo reply
                checksumAt = at + 2;
            }
            default -> { // UDP
                int source = out.getUnsignedShort(at);
                out.setShort(at, out.getUnsignedShort(at + 2));
                out.setShort(at + 2, source);
                checksumAt = at + 6;
            }
        }
        out.setShort(checksumAt, 0);
        IpPacket reply = IpPacket.parse(out);
        int sum = p.protocol() == IpPacket.ICMP ? Checksums.of(out, at, out.writerIndex() - at)
                : Checksums.withPseudoHeader(out, 0, reply);
        if (sum == 0 && p.protocol() == IpPacket.UDP) {
            sum = 0xffff; // RFC 768: a computed 0 is sent as all ones
        }
        out.setShort(checksumAt, sum);
    }
}
