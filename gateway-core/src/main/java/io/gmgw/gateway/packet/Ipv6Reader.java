package io.gmgw.gateway.packet;

import io.netty.buffer.ByteBuf;

/**
 * Reads an IPv6 header (RFC 8200 §3) and walks the extension headers every packet may carry (§4: Hop-by-Hop 0,
 * Routing 43, Fragment 44, Destination Options 60, and AH 51 of RFC 4302) to the upper-layer header, each within the
 * packet's bounds and at most {@link IpPacket#MAX_EXTENSION_HEADERS} of them. ESP (50) and No Next Header (59) end the
 * walk: what follows is opaque. Any other value is taken as the upper-layer protocol.
 */
final class Ipv6Reader {
    static final int HEADER = 40;
    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int DESTINATION_OPTIONS = 60;
    private static final int AUTHENTICATION = 51;

    private Ipv6Reader() {
    }

    static IpPacket read(ByteBuf buf) {
        int start = buf.readerIndex();
        int received = buf.readableBytes();
        if (received < HEADER) {
            return IpPacket.malformed(PacketDefect.TOO_SHORT);
        }
        int payload = buf.getUnsignedShort(start + 4);
        // Payload Length 0 is a jumbogram (RFC 2675), which no tunnel MTU carries.
        if (HEADER + payload != received) {
            return IpPacket.malformed(PacketDefect.BAD_TOTAL_LENGTH);
        }
        IpPacket p = new IpPacket();
        p.version = 6;
        p.length = received;
        p.hopLimit = buf.getUnsignedByte(start + 7);
        p.srcHi = buf.getLong(start + 8);
        p.srcLo = buf.getLong(start + 16);
        p.dstHi = buf.getLong(start + 24);
        p.dstLo = buf.getLong(start + 32);
        int next = buf.getUnsignedByte(start + 6);
        int at = HEADER;
        for (int walked = 0; ; walked++) {
            if (!isExtension(next)) {
                break;
            }
            if (walked == IpPacket.MAX_EXTENSION_HEADERS || (next == HOP_BY_HOP && walked > 0)) {
                return IpPacket.malformed(PacketDefect.BAD_EXTENSION_HEADER); // §4.3: Hop-by-Hop only first
            }
            if (at + 8 > received) {
                return IpPacket.malformed(PacketDefect.BAD_EXTENSION_HEADER);
            }
            int after = buf.getUnsignedByte(start + at);
            int size;
            if (next == FRAGMENT) {
                size = 8; // §4.5: fixed size
                int offsetFlags = buf.getUnsignedShort(start + at + 2);
                p.fragment = true;
                if ((offsetFlags >>> 3) != 0) {
                    // A non-initial fragment: what follows is the middle of the fragmentable part, not a header.
                    // Its Next Header names the fragmentable part's first header, taken as the protocol (§4.5).
                    p.nonInitialFragment = true;
                    next = after;
                    at += size;
                    break;
                }
            } else if (next == AUTHENTICATION) {
                size = (buf.getUnsignedByte(start + at + 1) + 2) * 4; // RFC 4302 §2.2: in 4-octet units, minus 2
            } else {
                size = (buf.getUnsignedByte(start + at + 1) + 1) * 8; // §4.3-4.6: in 8-octet units, minus 1
            }
            if (at + size > received) {
                return IpPacket.malformed(PacketDefect.BAD_EXTENSION_HEADER);
            }
            next = after;
            at += size;
        }
        p.protocol = next;
        p.transportOffset = at;
        return p.readTransport(buf, start);
    }

    private static boolean isExtension(int next) {
        return next == HOP_BY_HOP || next == ROUTING || next == FRAGMENT || next == DESTINATION_OPTIONS
                || next == AUTHENTICATION;
    }
}
