package io.gmgw.gateway.responder;

import static io.gmgw.gateway.packet.TestPackets.checksum;
import static io.gmgw.gateway.packet.TestPackets.icmp;
import static io.gmgw.gateway.packet.TestPackets.ipv4;
import static io.gmgw.gateway.packet.TestPackets.ipv6;
import static io.gmgw.gateway.packet.TestPackets.udp;
import static io.gmgw.gateway.packet.TestPackets.withIcmp4Checksum;
import static io.gmgw.gateway.packet.TestPackets.withTransportChecksum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gmgw.gateway.packet.TestPackets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoResponderTest {
    private static final byte[] PAYLOAD = "gmgw tunnel echo 0123456789".getBytes(StandardCharsets.US_ASCII);

    private final EchoResponder responder = new EchoResponder(PooledByteBufAllocator.DEFAULT, List.of(
            InetAddress.ofLiteral("10.9.0.1"), InetAddress.ofLiteral("2001:db8:9::1")), 1400);

    /** Sends {@code request} through the responder; the reply's bytes, or null; checks the request was released. */
    private static byte[] respond(EchoResponder r, byte[] request) {
        ByteBuf in = Unpooled.buffer(request.length + 1).writeBytes(request); // never the shared empty buffer
        ByteBuf out = r.respond(in);
        assertEquals(0, in.refCnt(), "the responder releases the request");
        if (out == null) {
            return null;
        }
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    @Test
    void answersTheKernelsIcmpEchoAsTheKernelDid() {
        Map<String, byte[]> kernel = TestPackets.kernelEcho();
        EchoResponder loopback = new EchoResponder(PooledByteBufAllocator.DEFAULT, List.of(
                InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("::1")), 1400);
        byte[] reply4 = respond(loopback, kernel.get("icmp4-request"));
        byte[] expected4 = kernel.get("icmp4-reply");
        // Identification (4-5) is a counter in both, and so the header checksum (10-11) differs; all else is equal.
        assertArrayEquals(mask(expected4, 4, 5, 10, 11), mask(reply4, 4, 5, 10, 11));
        assertEquals(0, checksum(Arrays.copyOf(reply4, 20)), "IPv4 header checksum");
        byte[] reply6 = respond(loopback, kernel.get("icmp6-request"));
        byte[] expected6 = kernel.get("icmp6-reply");
        // The flow label (low 20 bits of 0-3) is random in Linux, 0 here; everything else is the kernel's.
        assertArrayEquals(mask(expected6, 1, 2, 3), mask(reply6, 1, 2, 3));
        assertEquals(0, reply6[1] & 0x0f);
        assertEquals(2, loopback.answered());
    }

    @Test
    void icmpEchoWithIpOptionsIsAnsweredWithAPlainHeader() {
        byte[] icmpPart = icmp(8, 0, 0x4242, 7, PAYLOAD);
        byte[] withOptions = ByteBuffer.allocate(24 + icmpPart.length).put((byte) 0x46).put((byte) 0x10)
                .putShort((short) (24 + icmpPart.length)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 3).put((byte) 1).putShort((short) 0).put(TestPackets.addr("10.9.0.2"))
                .put(TestPackets.addr("10.9.0.1")).putInt(0x01010100).put(icmpPart).array(); // NOPs, EOL
        int ipSum = checksum(Arrays.copyOf(withOptions, 24));
        withOptions[10] = (byte) (ipSum >> 8);
        withOptions[11] = (byte) ipSum;
        int icmpSum = checksum(Arrays.copyOfRange(withOptions, 24, withOptions.length));
        withOptions[26] = (byte) (icmpSum >> 8);
        withOptions[27] = (byte) icmpSum;

        byte[] reply = respond(responder, withOptions);
        ByteBuffer b = ByteBuffer.wrap(reply);
        assertEquals(0x45, b.get(0));
        assertEquals(0x10, b.get(1), "TOS kept");
        assertEquals(20 + icmpPart.length, b.getShort(2));
        assertEquals(0, b.getShort(6), "DF and offset clear");
        assertEquals(64, b.get(8));
        assertEquals(1, b.get(9));
        assertArrayEquals(TestPackets.addr("10.9.0.1"), Arrays.copyOfRange(reply, 12, 16));
        assertArrayEquals(TestPackets.addr("10.9.0.2"), Arrays.copyOfRange(reply, 16, 20));
        assertEquals(0, checksum(Arrays.copyOf(reply, 20)));
        byte[] icmpReply = Arrays.copyOfRange(reply, 20, reply.length);
        assertEquals(0, icmpReply[0], "echo reply");
        assertEquals(0, checksum(icmpReply), "ICMP checksum");
        byte[] expected = icmpPart.clone();
        assertArrayEquals(Arrays.copyOfRange(expected, 4, expected.length), Arrays.copyOfRange(icmpReply, 4,
                icmpReply.length), "identifier, sequence and payload echoed");
    }

    @Test
    void udpEchoOverBothFamilies() {
        byte[] v4 = withTransportChecksum(ipv4(17, "10.9.0.2", "10.9.0.1", 0, udp(40007, 7, PAYLOAD)), 20, 6);
        byte[] reply4 = respond(responder, v4);
        ByteBuffer b = ByteBuffer.wrap(reply4);
        assertEquals(7, b.getShort(20));
        assertEquals(40007, b.getShort(22) & 0xffff);
        assertEquals(8 + PAYLOAD.length, b.getShort(24));
        assertArrayEquals(PAYLOAD, Arrays.copyOfRange(reply4, 28, reply4.length));
        assertEquals(reply4.length, b.getShort(2));
        assertEquals(0, checksum(Arrays.copyOf(reply4, 20)));
        assertTransportChecksumRecomputes(reply4, 20);

        byte[] v6 = withTransportChecksum(ipv6(17, "2001:db8:9::2", "2001:db8:9::1", udp(40008, 7, PAYLOAD)), 40, 6);
        byte[] reply6 = respond(responder, v6);
        ByteBuffer c = ByteBuffer.wrap(reply6);
        assertEquals(0x60000000, c.getInt(0));
        assertEquals(8 + PAYLOAD.length, c.getShort(4));
        assertEquals(17, c.get(6));
        assertEquals(64, c.get(7));
        assertArrayEquals(TestPackets.addr("2001:db8:9::1"), Arrays.copyOfRange(reply6, 8, 24));
        assertArrayEquals(TestPackets.addr("2001:db8:9::2"), Arrays.copyOfRange(reply6, 24, 40));
        assertEquals(7, c.getShort(40));
        assertEquals(40008, c.getShort(42) & 0xffff);
        assertTransportChecksumRecomputes(reply6, 40);

        byte[] noChecksum = ipv4(17, "10.9.0.2", "10.9.0.1", 0, udp(40009, 7, PAYLOAD)); // RFC 768: 0 = none
        assertTransportChecksumRecomputes(respond(responder, noChecksum), 20);
        assertEquals(3, responder.answered());
    }

    @Test
    void icmpv6EchoToTheGatewaysAddress() {
        byte[] request = withTransportChecksum(ipv6(58, "2001:db8:9::2", "2001:db8:9::1", icmp(128, 0, 9, 3,
                PAYLOAD)), 40, 2);
        byte[] reply = respond(responder, request);
        assertEquals((byte) 129, reply[40]);
        assertArrayEquals(Arrays.copyOfRange(request, 44, request.length), Arrays.copyOfRange(reply, 44,
                reply.length));
        assertTransportChecksumRecomputes(reply, 40);
    }

    /** A copy with the bytes at {@code indexes} zeroed: the fields two correct implementations may set apart. */
    private static byte[] mask(byte[] packet, int... indexes) {
        byte[] c = packet.clone();
        for (int i : indexes) {
            c[i] = 0;
        }
        return c;
    }

    /** Zeroing the stored checksum and computing it the textbook way gives the stored value. */
    private static void assertTransportChecksumRecomputes(byte[] packet, int transport) {
        int offset = packet[transport - (transport == 20 ? 11 : 34)] == 58 ? 2 : 6;
        int stored = ((packet[transport + offset] & 0xff) << 8) | (packet[transport + offset + 1] & 0xff);
        byte[] copy = packet.clone();
        copy[transport + offset] = 0;
        copy[transport + offset + 1] = 0;
        withTransportChecksum(copy, transport, offset);
        assertEquals(stored, ((copy[transport + offset] & 0xff) << 8) | (copy[transport + offset + 1] & 0xff));
        assertNotEquals(0, stored);
    }

    @Test
    void everythingElseIsDroppedAndCounted() {
        byte[] echo = withIcmp4Checksum(ipv4(1, "10.9.0.2", "10.9.0.1", 0, icmp(8, 0, 1, 1, PAYLOAD)));
        byte[] badIcmp = echo.clone();
        badIcmp[badIcmp.length - 1] ^= 1;
        byte[] badHeader = echo.clone();
        badHeader[8] = 63; // TTL changed, header checksum not
        byte[] elsewhere = withIcmp4Checksum(ipv4(1, "10.9.0.2", "10.1.0.5", 0, icmp(8, 0, 1, 1, PAYLOAD)));
        byte[] multicastSource = withIcmp4Checksum(ipv4(1, "224.0.0.1", "10.9.0.1", 0, icmp(8, 0, 1, 1, PAYLOAD)));
        byte[] fragment = withIcmp4Checksum(ipv4(1, "10.9.0.2", "10.9.0.1", 0x2000, icmp(8, 0, 1, 1, PAYLOAD)));
        byte[] reply = withIcmp4Checksum(ipv4(1, "10.9.0.2", "10.9.0.1", 0, icmp(0, 0, 1, 1, PAYLOAD)));
        byte[] tcp = ipv4(6, "10.9.0.2", "10.9.0.1", 0, TestPackets.tcp(1, 7, 2, new byte[0]));
        byte[] fromEchoPort = withTransportChecksum(ipv4(17, "10.9.0.2", "10.9.0.1", 0, udp(7, 7, PAYLOAD)), 20, 6);
        byte[] otherPort = withTransportChecksum(ipv4(17, "10.9.0.2", "10.9.0.1", 0, udp(1, 9, PAYLOAD)), 20, 6);
        byte[] badUdp = withTransportChecksum(ipv4(17, "10.9.0.2", "10.9.0.1", 0, udp(1, 7, PAYLOAD)), 20, 6);
        badUdp[30] ^= 1;
        byte[] zeroUdp6 = ipv6(17, "2001:db8:9::2", "2001:db8:9::1", udp(1, 7, PAYLOAD)); // RFC 8200: mandatory
        byte[] huge = withIcmp4Checksum(ipv4(1, "10.9.0.2", "10.9.0.1", 0, icmp(8, 0, 1, 1, new byte[1400])));
        byte[] shortEcho = withIcmp4Checksum(ipv4(1, "10.9.0.2", "10.9.0.1", 0, new byte[] {8, 0, 0, 0, 0}));
        for (byte[] p : List.of(badIcmp, badHeader, elsewhere, multicastSource, fragment, reply, tcp, fromEchoPort,
                otherPort, badUdp, zeroUdp6, huge, shortEcho, new byte[] {0x45, 0}, new byte[0])) {
            assertNull(respond(responder, p));
        }
        Map<ResponderDrop, Long> expected = new java.util.EnumMap<>(Map.of(
                ResponderDrop.BAD_CHECKSUM, 4L, // ICMP, IPv4 header, UDP, UDP over IPv6 without one
                ResponderDrop.NOT_FOR_GATEWAY, 1L,
                ResponderDrop.BAD_SOURCE, 1L,
                ResponderDrop.FRAGMENT, 1L,
                ResponderDrop.UNSUPPORTED, 5L, // echo reply, TCP, UDP from port 7, UDP to port 9, short echo
                ResponderDrop.TOO_LARGE, 1L,
                ResponderDrop.MALFORMED, 2L));
        assertEquals(expected, responder.drops());
        assertEquals(0, responder.answered());
        assertEquals(0x45, respond(responder, echo)[0], "the unaltered request is answered");
    }
}
