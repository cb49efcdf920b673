package io.gmgw.gateway.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Packets for tests, built byte by byte from the RFC layouts with checksums computed by {@link #checksum}, a plain
 * 16-bit loop written apart from {@link Checksums}, so that each checks the other. {@link #kernelEcho()} reads the
 * packets the Linux kernel built (src/test/resources/packets/linux-echo.txt). The one builder of test packets: a test
 * that needs a packet in a buffer (the data plane's form) puts one built here into it with {@link #buffer}.
 */
public final class TestPackets {
    /** IPv4 flags and fragment offset: don't fragment, offset 0 (RFC 791). */
    public static final int DONT_FRAGMENT = 0x4000;

    private TestPackets() {
    }

    /** RFC 1071, the textbook way: 16-bit big-endian words, carries folded, complemented. */
    public static int checksum(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length + 1).sum());
        for (byte[] p : parts) {
            all.put(p);
            if (p.length % 2 == 1) {
                all.put((byte) 0);
            }
        }
        long sum = 0;
        byte[] b = java.util.Arrays.copyOf(all.array(), all.position());
        for (int i = 0; i < b.length; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        while (sum > 0xffff) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    public static byte[] addr(String literal) {
        return InetAddress.ofLiteral(literal).getAddress();
    }

    /** An IPv4 packet: 20-byte header (checksum filled), then {@code segment}; {@code fragment} is flags+offset. */
    public static byte[] ipv4(int protocol, String src, String dst, int fragment, byte[] segment) {
        ByteBuffer b = ByteBuffer.allocate(20 + segment.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + segment.length)).putShort((short) 0x1234)
                .putShort((short) fragment).put((byte) 64).put((byte) protocol).putShort((short) 0)
                .put(addr(src)).put(addr(dst)).put(segment);
        byte[] out = b.array();
        int sum = checksum(java.util.Arrays.copyOf(out, 20));
        out[10] = (byte) (sum >> 8);
        out[11] = (byte) sum;
        return out;
    }

    /**
     * An IPv4 packet (don't fragment) or an IPv6 packet, after the addresses' family, carrying {@code segment} as
     * {@code protocol}.
     */
    public static byte[] ip(int protocol, String src, String dst, byte[] segment) {
        return InetAddress.ofLiteral(src) instanceof Inet4Address ? ipv4(protocol, src, dst, DONT_FRAGMENT, segment)
                : ipv6(protocol, src, dst, segment);
    }

    /** An IPv6 packet: fixed header with {@code next}, then {@code rest} (extension headers and segment as given). */
    public static byte[] ipv6(int next, String src, String dst, byte[] rest) {
        ByteBuffer b = ByteBuffer.allocate(40 + rest.length);
        b.putInt(0x60000000).putShort((short) rest.length).put((byte) next).put((byte) 64).put(addr(src))
                .put(addr(dst)).put(rest);
        return b.array();
    }

    /** A TCP header (20 bytes, no options) with {@code flags}, then {@code payload}; checksum left 0. */
    public static byte[] tcp(int sport, int dport, int flags, byte[] payload) {
        return ByteBuffer.allocate(20 + payload.length).putShort((short) sport).putShort((short) dport).putInt(1000)
                .putInt(0).put((byte) 0x50).put((byte) flags).putShort((short) 65535).putInt(0).put(payload).array();
    }

    /** A UDP datagram; checksum left 0 (fill it with {@link #withTransportChecksum}). */
    public static byte[] udp(int sport, int dport, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putShort((short) sport).putShort((short) dport)
                .putShort((short) (8 + payload.length)).putShort((short) 0).put(payload).array();
    }

    /** An ICMP/ICMPv6 message with identifier and sequence; checksum left 0. */
    public static byte[] icmp(int type, int code, int id, int seq, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).put((byte) type).put((byte) code).putShort((short) 0)
                .putShort((short) id).putShort((short) seq).put(payload).array();
    }

    /**
     * An ICMP echo (RFC 792) or ICMPv6 echo (RFC 4443 §4) of {@code type} in an IP packet ({@link #ip}), its checksum
     * filled in (ICMPv6's over the pseudo-header, RFC 8200 §8.1).
     */
    public static byte[] echo(String src, String dst, int type, int id, int seq, byte[] data) {
        byte[] packet = ip(InetAddress.ofLiteral(src) instanceof Inet4Address ? IpPacket.ICMP : IpPacket.ICMPV6, src,
                dst, icmp(type, 0, id, seq, data));
        return packet[0] >> 4 == 4 ? withIcmp4Checksum(packet) : withTransportChecksum(packet, 40, 2);
    }

    /** ICMPv4 checksum (no pseudo-header) filled into a whole IPv4 packet. */
    public static byte[] withIcmp4Checksum(byte[] packet) {
        byte[] seg = java.util.Arrays.copyOfRange(packet, 20, packet.length);
        int sum = checksum(seg);
        packet[22] = (byte) (sum >> 8);
        packet[23] = (byte) sum;
        return packet;
    }

    /**
     * The transport checksum with pseudo-header filled in at {@code offset} into the segment that starts at
     * {@code transport} (UDP 6, TCP 16, ICMPv6 2).
     */
    public static byte[] withTransportChecksum(byte[] packet, int transport, int offset) {
        byte[] seg = java.util.Arrays.copyOfRange(packet, transport, packet.length);
        byte[] pseudo;
        if ((packet[0] >> 4) == 4) {
            pseudo = ByteBuffer.allocate(12).put(packet, 12, 8).put((byte) 0).put(packet[9])
                    .putShort((short) seg.length).array();
        } else {
            pseudo = ByteBuffer.allocate(40).put(packet, 8, 32).putInt(seg.length).putInt(nextHeader(packet))
                    .array();
        }
        int sum = checksum(pseudo, seg);
        int protocol = (packet[0] >> 4) == 4 ? packet[9] : packet[6];
        if (sum == 0 && protocol == 17) {
            sum = 0xffff;
        }
        packet[transport + offset] = (byte) (sum >> 8);
        packet[transport + offset + 1] = (byte) sum;
        return packet;
    }

    /** {@code packet} in a buffer from {@code alloc}, as the data plane takes packets. */
    public static ByteBuf buffer(ByteBufAllocator alloc, byte[] packet) {
        return alloc.buffer(packet.length).writeBytes(packet);
    }

    /** The upper-layer protocol of a test IPv6 packet (only tests with no extension headers call this). */
    private static int nextHeader(byte[] packet) {
        return packet[6] & 0xff;
    }

    /** The kernel-built packets by name (icmp4-request, icmp4-reply, icmp6-request, icmp6-reply). */
    public static Map<String, byte[]> kernelEcho() {
        try (InputStream in = TestPackets.class.getResourceAsStream("/packets/linux-echo.txt")) {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split(" ");
                    out.put(f[0], HexFormat.of().parseHex(f[1]));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
