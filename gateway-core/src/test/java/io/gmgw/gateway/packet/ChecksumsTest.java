package io.gmgw.gateway.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
    @Test
    void kernelBuiltEchoPacketsVerify() {
        Map<String, byte[]> kernel = TestPackets.kernelEcho();
        for (String name : kernel.keySet()) {
            ByteBuf b = Unpooled.wrappedBuffer(kernel.get(name));
            try {
                IpPacket p = IpPacket.parse(b);
                assertEquals(null, p.defect(), name);
                if (p.version() == 4) {
                    assertEquals(0, Checksums.ipv4Header(b, 0), name);
                    assertEquals(0, Checksums.of(b, 20, p.length() - 20), name);
                } else {
                    assertEquals(0, Checksums.withPseudoHeader(b, 0, p), name);
                }
                b.setByte(b.writerIndex() - 1, b.getByte(b.writerIndex() - 1) ^ 1); // one payload bit
                int after = p.version() == 4 ? Checksums.of(b, 20, p.length() - 20)
                        : Checksums.withPseudoHeader(b, 0, p);
                assertNotEquals(0, after, name);
            } finally {
                b.release();
            }
        }
    }

    @Test
    void agreesWithTheTextbookLoopOnOddAndEvenLengthsAndOffsets() {
        SplittableRandom r = new SplittableRandom(1071);
        for (int i = 0; i < 2000; i++) {
            byte[] data = new byte[r.nextInt(1, 300)];
            r.nextBytes(data);
            int from = r.nextInt(data.length);
            int len = r.nextInt(data.length - from + 1);
            ByteBuf b = Unpooled.wrappedBuffer(data);
            try {
                assertEquals(TestPackets.checksum(Arrays.copyOfRange(data, from, from + len)),
                        Checksums.of(b, from, len));
            } finally {
                b.release();
            }
        }
    }

    @Test
    void udpPseudoHeaderChecksumsOfBothFamilies() {
        byte[] v4 = TestPackets.withTransportChecksum(TestPackets.ipv4(17, "10.9.0.2", "10.9.0.1", 0,
                TestPackets.udp(40007, 7, "gmgw udp echo".getBytes())), 20, 6);
        byte[] v6 = TestPackets.withTransportChecksum(TestPackets.ipv6(17, "2001:db8::2", "2001:db8::1",
                TestPackets.udp(40007, 7, "odd".getBytes())), 40, 6);
        for (byte[] packet : new byte[][] {v4, v6}) {
            ByteBuf b = Unpooled.wrappedBuffer(packet);
            try {
                assertEquals(0, Checksums.withPseudoHeader(b, 0, IpPacket.parse(b)));
            } finally {
                b.release();
            }
        }
    }

    @Test
    void echoPacketsOfBothFamiliesCarryChecksumsThatVerify() {
        byte[] v4 = TestPackets.echo("10.9.0.2", "10.9.0.1", 8, 0x4343, 7, "odd".getBytes());
        byte[] v6 = TestPackets.echo("2001:db8::2", "2001:db8::1", 128, 0x4343, 7, "gmgw-echo!".getBytes());
        for (byte[] packet : new byte[][] {v4, v6}) {
            ByteBuf b = Unpooled.wrappedBuffer(packet);
            try {
                IpPacket p = IpPacket.parse(b);
                assertEquals(null, p.defect());
                assertEquals(p.version() == 4 ? IpPacket.ICMP : IpPacket.ICMPV6, p.protocol());
                if (p.version() == 4) {
                    assertEquals(0, Checksums.ipv4Header(b, 0));
                    assertEquals(0, Checksums.of(b, 20, p.length() - 20));
                } else {
                    assertEquals(0, Checksums.withPseudoHeader(b, 0, p));
                }
            } finally {
                b.release();
            }
        }
    }
}
