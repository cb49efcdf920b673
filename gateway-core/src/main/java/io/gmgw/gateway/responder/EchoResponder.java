package io.gmgw.gateway.responder;

import io.gmgw.gateway.packet.Checksums;
import io.gmgw.gateway.packet.IpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The unprivileged mode's stand-in for the inside network (no TUN, no root): it answers, for the gateway's own tunnel
 * addresses, ICMP echo (RFC 792), ICMPv6 echo (RFC 4443 §4.1-4.2) and UDP echo on port 7 (RFC 862), as a Linux host
 * would: identifier, sequence number and payload echoed, a fresh IP header with TTL / hop limit 64, every checksum
 * computed, IPv4 options and IPv6 extension headers not copied. Everything else is dropped and counted by reason
 * ({@link ResponderDrop}); requests are answered only when whole (no fragments), with valid checksums, from a unicast
 * source, and at most {@code maxPacket} bytes long, so a reply is never larger than its request. Thread-safe.
 */
public final class EchoResponder implements PacketResponder {
    static final int TTL = 64;
    static final int UDP_ECHO_PORT = 7;

    private final ByteBufAllocator alloc;
    private final int maxPacket;
    private final int[] v4;
    private final long[] v6;
    private final AtomicInteger ipId = new AtomicInteger();
    private final LongAdder[] drops = new LongAdder[ResponderDrop.values().length];
    private final LongAdder answered = new LongAdder();

    /**
     * @param tunnelAddresses the gateway's addresses inside the tunnel (one per family is usual)
     * @param maxPacket       the largest request answered, in bytes (the tunnel MTU)
     */
    public EchoResponder(ByteBufAllocator alloc, List<InetAddress> tunnelAddresses, int maxPacket) {
        this.alloc = Objects.requireNonNull(alloc, "alloc");
        if (maxPacket < 68 || maxPacket > 65535) {
            throw new IllegalArgumentException("maxPacket " + maxPacket + " is outside 68-65535");
        }
        this.maxPacket = maxPacket;
        List<Integer> four = new ArrayList<>();
        List<Long> six = new ArrayList<>();
        for (InetAddress a : tunnelAddresses) {
            ByteBuffer b = ByteBuffer.wrap(a.getAddress());
            if (a instanceof Inet4Address) {
                four.add(b.getInt());
            } else {
                six.add(b.getLong());
                six.add(b.getLong());
            }
        }
        if (four.isEmpty() && six.isEmpty()) {
            throw new IllegalArgumentException("the responder needs at least one tunnel address");
        }
        v4 = four.stream().mapToInt(Integer::intValue).toArray();
        v6 = six.stream().mapToLong(Long::longValue).toArray();
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
    }

    @Override
    public ByteBuf respond(ByteBuf request) {
        try {
            IpPacket p = IpPacket.parse(request);
            ResponderDrop why = check(request, p);
            if (why != null) {
                drops[why.ordinal()].increment();
                return null;
            }
            ByteBuf reply = p.version() == 4 ? EchoReplies.ipv4(alloc, request, p, nextId())
                    : EchoReplies.ipv6(alloc, request, p);
            answered.increment();
            return reply;
        } finally {
            request.release();
        }
    }

    /** Why {@code request} gets no answer, or null when it is an echo request the responder answers. */
    private ResponderDrop check(ByteBuf request, IpPacket p) {
        if (request.readableBytes() > maxPacket) {
            return ResponderDrop.TOO_LARGE;
        }
        if (p.isMalformed()) {
            return ResponderDrop.MALFORMED;
        }
        if (!forGateway(p)) {
            return ResponderDrop.NOT_FOR_GATEWAY;
        }
        if (!unicastSource(p)) {
            return ResponderDrop.BAD_SOURCE;
        }
        if (p.isFragment()) {
            return ResponderDrop.FRAGMENT;
        }
        int ip = request.readerIndex();
        boolean echo = switch (p.protocol()) {
            case IpPacket.ICMP -> p.version() == 4 && p.icmpType() == 8 && p.icmpCode() == 0;
            case IpPacket.ICMPV6 -> p.version() == 6 && p.icmpType() == 128 && p.icmpCode() == 0;
            case IpPacket.UDP -> p.destinationPort() == UDP_ECHO_PORT && p.sourcePort() != 0
                    && p.sourcePort() != UDP_ECHO_PORT; // never echo to an echo port: two responders would loop
            default -> false;
        };
        if (!echo || (p.protocol() != IpPacket.UDP && p.length() - p.transportOffset() < 8)) {
            return ResponderDrop.UNSUPPORTED; // an echo message has identifier and sequence number: 8 bytes
        }
        if (p.version() == 4 && Checksums.ipv4Header(request, ip) != 0) {
            return ResponderDrop.BAD_CHECKSUM;
        }
        return checksumValid(request, ip, p) ? null : ResponderDrop.BAD_CHECKSUM;
    }

    private static boolean checksumValid(ByteBuf buf, int ip, IpPacket p) {
        int at = ip + p.transportOffset();
        return switch (p.protocol()) {
            case IpPacket.ICMP -> Checksums.of(buf, at, p.length() - p.transportOffset()) == 0;
            case IpPacket.UDP -> p.version() == 4 && buf.getUnsignedShort(at + 6) == 0 // RFC 768: 0 = not computed
                    || Checksums.withPseudoHeader(buf, ip, p) == 0; // RFC 8200 §8.1: mandatory over IPv6
            default -> Checksums.withPseudoHeader(buf, ip, p) == 0;
        };
    }

    private boolean forGateway(IpPacket p) {
        if (p.version() == 4) {
            for (int a : v4) {
                if ((a & 0xffffffffL) == p.destinationLow()) {
                    return true;
                }
            }
            return false;
        }
        for (int i = 0; i < v6.length; i += 2) {
            if (v6[i] == p.destinationHigh() && v6[i + 1] == p.destinationLow()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Not unspecified, multicast or limited broadcast: an echo "from" those would make the gateway answer many or
     * none (RFC 1122 §3.2.2.6, RFC 4443 §2.4 (e)).
     */
    private static boolean unicastSource(IpPacket p) {
        if (p.version() == 4) {
            long s = p.sourceLow();
            return s != 0 && (s >>> 28) != 0xe && s != 0xffffffffL;
        }
        boolean unspecified = p.sourceHigh() == 0 && p.sourceLow() == 0;
        return !unspecified && (p.sourceHigh() >>> 56) != 0xff;
    }

    private int nextId() {
        return ipId.incrementAndGet() & 0xffff;
    }

    /** Requests answered. */
    public long answered() {
        return answered.sum();
    }

    /** Requests not answered, by reason. */
    public Map<ResponderDrop, Long> drops() {
        Map<ResponderDrop, Long> out = new EnumMap<>(ResponderDrop.class);
        for (ResponderDrop d : ResponderDrop.values()) {
            out.put(d, drops[d.ordinal()].sum());
        }
        return out;
    }
}
