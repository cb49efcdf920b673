package io.gmgw.gateway.packet;

import static io.gmgw.gateway.packet.TestPackets.icmp;
import static io.gmgw.gateway.packet.TestPackets.ipv4;
import static io.gmgw.gateway.packet.TestPackets.ipv6;
import static io.gmgw.gateway.packet.TestPackets.tcp;
import static io.gmgw.gateway.packet.TestPackets.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IpPacketTest {
    private static IpPacket parse(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            IpPacket p = IpPacket.parse(buf);
            assertEquals(0, buf.readerIndex(), "parse must not move the reader index");
            return p;
        } finally {
            buf.release();
        }
    }

    @Test
    void ipv4TcpFieldsAreRead() {
        IpPacket p = parse(ipv4(6, "10.9.0.2", "10.1.0.5", 0, tcp(50000, 80, 0x12, new byte[3])));
        assertNull(p.defect());
        assertEquals(4, p.version());
        assertEquals(43, p.length());
        assertEquals(20, p.transportOffset());
        assertEquals(6, p.protocol());
        assertEquals(64, p.hopLimit());
        assertEquals(0x0a090002L, p.sourceLow());
        assertEquals(0x0a010005L, p.destinationLow());
        assertEquals(0, p.sourceHigh());
        assertEquals(50000, p.sourcePort());
        assertEquals(80, p.destinationPort());
        assertEquals(0x12, p.tcpFlags());
        assertEquals(-1, p.icmpType());
        assertFalse(p.isFragment());
        assertEquals("tcp 10.9.0.2:50000 > 10.1.0.5:80", p.describe());
    }

    @Test
    void ipv4IcmpAndUdpFields() {
        IpPacket i = parse(ipv4(1, "10.9.0.2", "10.1.0.5", 0, icmp(3, 3, 0, 0, new byte[0])));
        assertEquals(3, i.icmpType());
        assertEquals(3, i.icmpCode());
        assertEquals(-1, i.sourcePort());
        IpPacket u = parse(ipv4(17, "10.9.0.2", "10.1.0.5", 0, udp(5353, 53, new byte[4])));
        assertEquals(5353, u.sourcePort());
        assertEquals(53, u.destinationPort());
        assertEquals(-1, u.tcpFlags());
        IpPacket gre = parse(ipv4(47, "10.9.0.2", "10.1.0.5", 0, new byte[2]));
        assertEquals(47, gre.protocol());
        assertEquals(-1, gre.sourcePort());
    }

    @Test
    void ipv4FragmentsFirstAndNonInitial() {
        IpPacket first = parse(ipv4(6, "10.9.0.2", "10.1.0.5", 0x2000, tcp(1, 22, 0x02, new byte[8])));
        assertTrue(first.isFragment());
        assertFalse(first.isNonInitialFragment());
        assertEquals(22, first.destinationPort());
        IpPacket later = parse(ipv4(6, "10.9.0.2", "10.1.0.5", 185, new byte[16])); // offset 1480, last
        assertTrue(later.isFragment());
        assertTrue(later.isNonInitialFragment());
        assertEquals(-1, later.sourcePort());
        assertEquals(-1, later.destinationPort());
        assertEquals(-1, later.tcpFlags());
        assertTrue(later.describe().endsWith("(non-initial fragment)"));
    }

    @Test
    void ipv6WalksExtensionHeadersToTheUpperLayer() {
        byte[] hopByHop = {60, 0, 1, 4, 0, 0, 0, 0}; // next: destination options; PadN
        byte[] destOpts = {6, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}; // 16 bytes, next: TCP
        byte[] rest = concat(hopByHop, destOpts, tcp(40000, 443, 0x10, new byte[0]));
        IpPacket p = parse(ipv6(0, "2001:db8:9::2", "2001:db8:1::5", rest));
        assertNull(p.defect());
        assertEquals(6, p.version());
        assertEquals(6, p.protocol());
        assertEquals(64, p.transportOffset());
        assertEquals(443, p.destinationPort());
        assertEquals(0x20010db800090000L, p.sourceHigh());
        assertEquals(2, p.sourceLow());
        assertEquals("tcp [2001:db8:9:0:0:0:0:2]:40000 > [2001:db8:1:0:0:0:0:5]:443", p.describe());
    }

    @Test
    void ipv6FragmentHeaders() {
        byte[] firstFrag = {17, 0, 0, 1, 0, 0, 0, 7}; // offset 0, M set
        IpPacket first = parse(ipv6(44, "2001:db8::2", "2001:db8::5", concat(firstFrag, TestPackets.udp(1, 53,
                new byte[8]))));
        assertTrue(first.isFragment());
        assertFalse(first.isNonInitialFragment());
        assertEquals(53, first.destinationPort());
        byte[] laterFrag = {17, 0, 0x05, (byte) 0xc8, 0, 0, 0, 7}; // offset 185 (1480 bytes), last
        IpPacket later = parse(ipv6(44, "2001:db8::2", "2001:db8::5", concat(laterFrag, new byte[24])));
        assertTrue(later.isNonInitialFragment());
        assertEquals(17, later.protocol());
        assertEquals(-1, later.destinationPort());
        assertEquals(48, later.transportOffset());
    }

    @Test
    void ipv6IcmpAndEspAndNoNextHeader() {
        IpPacket echo = parse(ipv6(58, "2001:db8::2", "2001:db8::1", icmp(128, 0, 1, 1, new byte[0])));
        assertEquals(58, echo.protocol());
        assertEquals(128, echo.icmpType());
        assertEquals(50, parse(ipv6(50, "2001:db8::2", "2001:db8::1", new byte[16])).protocol());
        assertEquals(59, parse(ipv6(59, "2001:db8::2", "2001:db8::1", new byte[0])).protocol());
    }

    @Test
    void malformedPacketsAreNamedNotThrown() {
        byte[] good4 = ipv4(6, "10.0.0.1", "10.0.0.2", 0, tcp(1, 2, 2, new byte[0]));
        assertEquals(PacketDefect.TOO_SHORT, parse(new byte[0]).defect());
        assertEquals(PacketDefect.TOO_SHORT, parse(Arrays.copyOf(good4, 19)).defect());
        assertEquals(PacketDefect.BAD_VERSION, parse(set(good4, 0, 0x55)).defect());
        assertEquals(PacketDefect.BAD_HEADER_LENGTH, parse(set(good4, 0, 0x44)).defect());
        assertEquals(PacketDefect.BAD_HEADER_LENGTH, parse(set(good4, 0, 0x4f)).defect()); // 60 > 40 bytes
        assertEquals(PacketDefect.BAD_TOTAL_LENGTH, parse(Arrays.copyOf(good4, 41)).defect()); // trailing byte
        assertEquals(PacketDefect.BAD_TOTAL_LENGTH, parse(Arrays.copyOf(good4, 39)).defect()); // cut
        assertEquals(PacketDefect.TRUNCATED_TRANSPORT, parse(ipv4(6, "10.0.0.1", "10.0.0.2", 0, new byte[12]))
                .defect());
        assertEquals(PacketDefect.TRUNCATED_TRANSPORT, parse(ipv4(17, "10.0.0.1", "10.0.0.2", 0, new byte[7]))
                .defect());
        assertEquals(PacketDefect.TRUNCATED_TRANSPORT, parse(ipv4(1, "10.0.0.1", "10.0.0.2", 0, new byte[3]))
                .defect());
        assertEquals(PacketDefect.OVERLAPPING_FRAGMENT, parse(ipv4(6, "10.0.0.1", "10.0.0.2", 1, new byte[20]))
                .defect());
        byte[] good6 = ipv6(59, "2001:db8::1", "2001:db8::2", new byte[0]);
        assertEquals(PacketDefect.TOO_SHORT, parse(Arrays.copyOf(good6, 39)).defect());
        assertEquals(PacketDefect.BAD_TOTAL_LENGTH, parse(Arrays.copyOf(good6, 41)).defect());
        byte[] overrun = {6, 3, 0, 0, 0, 0, 0, 0}; // says 32 bytes, has 8
        assertEquals(PacketDefect.BAD_EXTENSION_HEADER, parse(ipv6(60, "2001:db8::1", "2001:db8::2", overrun))
                .defect());
        byte[] hopByHopSecond = concat(new byte[] {0, 0, 0, 0, 0, 0, 0, 0}, new byte[8]);
        assertEquals(PacketDefect.BAD_EXTENSION_HEADER, parse(ipv6(60, "2001:db8::1", "2001:db8::2",
                hopByHopSecond)).defect());
        byte[] chain = new byte[8 * 9];
        for (int i = 0; i < 9; i++) {
            chain[i * 8] = 60; // destination options, nine times
        }
        assertEquals(PacketDefect.BAD_EXTENSION_HEADER, parse(ipv6(60, "2001:db8::1", "2001:db8::2", chain))
                .defect());
        byte[] cutTcp = concat(new byte[] {6, 0, 0, 0, 0, 0, 0, 0}, new byte[10]);
        assertEquals(PacketDefect.TRUNCATED_TRANSPORT, parse(ipv6(60, "2001:db8::1", "2001:db8::2", cutTcp))
                .defect());
        assertTrue(parse(new byte[] {0x45}).isMalformed());
    }

    @Test
    void randomBytesNeverThrow() {
        SplittableRandom r = new SplittableRandom(15);
        byte[] seed4 = ipv4(17, "10.0.0.1", "10.0.0.2", 0, udp(1, 7, new byte[12]));
        byte[] seed6 = ipv6(0, "2001:db8::1", "2001:db8::2", concat(new byte[] {44, 0, 0, 0, 0, 0, 0, 0},
                new byte[] {17, 0, 0, 0, 0, 0, 0, 1}, udp(1, 7, new byte[4])));
        int wellFormed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = (i % 2 == 0 ? seed4 : seed6).clone();
            for (int flips = 1 + r.nextInt(3); flips > 0; flips--) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            if (r.nextInt(4) == 0) {
                b = Arrays.copyOf(b, r.nextInt(b.length + 8));
            }
            IpPacket p = parse(b);
            if (!p.isMalformed()) {
                wellFormed++;
                assertTrue(p.transportOffset() <= p.length());
                assertEquals(b.length, p.length());
            }
        }
        assertTrue(wellFormed > 1000, "mutations should leave many packets well-formed: " + wellFormed);
    }

    static byte[] concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    private static byte[] set(byte[] b, int i, int v) {
        byte[] c = b.clone();
        c[i] = (byte) v;
        return c;
    }
}
