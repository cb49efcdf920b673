package io.gmgw.gateway.packet;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * What a filter and a responder need to know of one IPv4 or IPv6 packet, read once from the bytes between a buffer's
 * reader and writer index without moving them and without keeping the buffer (whoever holds the buffer still owns
 * it). {@link #parse} never throws: a malformed packet comes back as a shared instance whose {@link #defect()} says
 * why (no allocation for junk), and its other fields are meaningless.
 *
 * <p>Addresses are two longs each (IPv4 in the low 32 bits of {@code lo}, {@code hi} zero), so a rule compares them
 * with masks and no object. Ports, TCP flags and ICMP type and code are -1 where the packet has none: another
 * protocol, or a <b>non-initial fragment</b> (RFC 791 offset ≠ 0, RFC 8200 Fragment header offset ≠ 0), which carries
 * no transport header. How rules treat those is the ACL's business ({@code io.gmgw.gateway.policy}).
 */
public final class IpPacket {
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;
    /** Extension headers walked before giving up (RFC 8200 §4.1 recommends at most one of each, in order). */
    static final int MAX_EXTENSION_HEADERS = 8;

    private static final IpPacket[] MALFORMED = new IpPacket[PacketDefect.values().length];

    static {
        for (PacketDefect d : PacketDefect.values()) {
            MALFORMED[d.ordinal()] = new IpPacket(d);
        }
    }

    private final PacketDefect defect;
    int version;
    int length;
    int transportOffset;
    int protocol;
    int hopLimit;
    long srcHi;
    long srcLo;
    long dstHi;
    long dstLo;
    int srcPort = -1;
    int dstPort = -1;
    int tcpFlags = -1;
    int icmpType = -1;
    int icmpCode = -1;
    boolean fragment;
    boolean nonInitialFragment;

    private IpPacket(PacketDefect defect) {
        this.defect = defect;
    }

    IpPacket() {
        this.defect = null;
    }

    /** The packet from {@code buf}'s reader index to its writer index, or the malformed instance naming why not. */
    public static IpPacket parse(ByteBuf buf) {
        if (buf.readableBytes() < 1) {
            return malformed(PacketDefect.TOO_SHORT);
        }
        return switch (buf.getUnsignedByte(buf.readerIndex()) >>> 4) {
            case 4 -> Ipv4Reader.read(buf);
            case 6 -> Ipv6Reader.read(buf);
            default -> malformed(PacketDefect.BAD_VERSION);
        };
    }

    static IpPacket malformed(PacketDefect defect) {
        return MALFORMED[defect.ordinal()];
    }

    /** Reads the transport fields at {@link #transportOffset}; a defect when the header a rule needs is cut. */
    IpPacket readTransport(ByteBuf buf, int start) {
        if (nonInitialFragment) {
            return this;
        }
        int at = start + transportOffset;
        int left = length - transportOffset;
        switch (protocol) {
            case TCP -> {
                if (left < 20) { // RFC 9293 §3.1: the fixed header; the flags sit in byte 13
                    return malformed(PacketDefect.TRUNCATED_TRANSPORT);
                }
                srcPort = buf.getUnsignedShort(at);
                dstPort = buf.getUnsignedShort(at + 2);
                tcpFlags = buf.getUnsignedByte(at + 13);
            }
            case UDP -> {
                if (left < 8) { // RFC 768
                    return malformed(PacketDefect.TRUNCATED_TRANSPORT);
                }
                srcPort = buf.getUnsignedShort(at);
                dstPort = buf.getUnsignedShort(at + 2);
            }
            case ICMP, ICMPV6 -> {
                if (left < 4) { // type, code, checksum (RFC 792, RFC 4443 §2.1)
                    return malformed(PacketDefect.TRUNCATED_TRANSPORT);
                }
                icmpType = buf.getUnsignedByte(at);
                icmpCode = buf.getUnsignedByte(at + 1);
            }
            default -> {
                // no transport fields a rule matches on
            }
        }
        return this;
    }

    public boolean isMalformed() {
        return defect != null;
    }

    /** Why the packet was refused, or null for a well-formed one. */
    public PacketDefect defect() {
        return defect;
    }

    /** 4 or 6. */
    public int version() {
        return version;
    }

    /** The packet's length in bytes (IPv4 Total Length; IPv6 40 + Payload Length): exactly the buffer's bytes. */
    public int length() {
        return length;
    }

    /** Where the transport header starts, from the packet's first byte (after IPv6 extension headers). */
    public int transportOffset() {
        return transportOffset;
    }

    /** IPv4 Protocol, or the IPv6 Next Header after the extension headers walked (59, 50 stop the walk). */
    public int protocol() {
        return protocol;
    }

    /** IPv4 TTL or IPv6 Hop Limit. */
    public int hopLimit() {
        return hopLimit;
    }

    public long sourceHigh() {
        return srcHi;
    }

    public long sourceLow() {
        return srcLo;
    }

    public long destinationHigh() {
        return dstHi;
    }

    public long destinationLow() {
        return dstLo;
    }

    /** TCP or UDP source port, -1 for none (another protocol, a non-initial fragment). */
    public int sourcePort() {
        return srcPort;
    }

    public int destinationPort() {
        return dstPort;
    }

    /** The TCP flags byte (CWR ECE URG ACK PSH RST SYN FIN), -1 for none. */
    public int tcpFlags() {
        return tcpFlags;
    }

    /** ICMP or ICMPv6 type, -1 for none. */
    public int icmpType() {
        return icmpType;
    }

    public int icmpCode() {
        return icmpCode;
    }

    /** Whether the packet is a fragment (first or not). */
    public boolean isFragment() {
        return fragment;
    }

    /** A fragment other than the first: no transport header, so no ports, flags or ICMP type. */
    public boolean isNonInitialFragment() {
        return nonInitialFragment;
    }

    public InetAddress sourceAddress() {
        return address(srcHi, srcLo);
    }

    public InetAddress destinationAddress() {
        return address(dstHi, dstLo);
    }

    private InetAddress address(long hi, long lo) {
        try {
            if (version == 4) {
                return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt((int) lo).array());
            }
            return InetAddress.getByAddress(ByteBuffer.allocate(16).putLong(hi).putLong(lo).array());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only thrown for a wrong length
        }
    }

    /** The 5-tuple as an operator reads it, e.g. {@code tcp 10.9.0.2:50000 > 10.1.0.5:80}; for logs and audit. */
    public String describe() {
        if (defect != null) {
            return "malformed (" + defect + ")";
        }
        String name = switch (protocol) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMP -> "icmp";
            case ICMPV6 -> "icmpv6";
            default -> "proto " + protocol;
        };
        String s = endpoint(sourceAddress(), srcPort) + " > " + endpoint(destinationAddress(), dstPort);
        if (icmpType >= 0) {
            s += " type " + icmpType + " code " + icmpCode;
        }
        return name + " " + s + (nonInitialFragment ? " (non-initial fragment)" : fragment ? " (first fragment)" : "");
    }

    private String endpoint(InetAddress a, int port) {
        String host = version == 6 && port >= 0 ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return port >= 0 ? host + ":" + port : host;
    }

    @Override
    public String toString() {
        return describe();
    }
}
