package io.gmgw.gateway.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.packet.IpPacket;
import io.gmgw.gateway.packet.TestPackets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A real TUN device in a namespace the test creates. The device is opened in the test's own namespace (down, no
 * address) and moved into the test namespace before anything is configured, so nothing leaves that namespace. Then:
 * a UDP datagram sent in the namespace to an address routed into the device is read by Java; an ICMP echo request
 * Java writes to the device's own address is answered by the kernel, and the reply read back; an echo reply Java
 * writes is counted by the kernel as received (the namespace's ICMP counters).
 */
class TunDeviceTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    @Test
    void ipv4PacketsGoBothWaysThroughTheDevice() throws Exception {
        packetsBothWays("v4", new TunSettings(1400, List.of(IpPrefix.parse("10.231.0.1/24", "t")),
                List.of(IpPrefix.parse("10.232.0.0/24", "t"))), "10.231.0.1", "10.232.0.7");
    }

    @Test
    void ipv6PacketsGoBothWaysThroughTheDevice() throws Exception {
        packetsBothWays("v6", new TunSettings(1400, List.of(IpPrefix.parse("fd00:231::1/64", "t")),
                List.of(IpPrefix.parse("fd00:232::/64", "t"))), "fd00:231::1", "fd00:232::7");
    }

    private void packetsBothWays(String suffix, TunSettings settings, String local, String remote)
            throws Exception {
        InetAddress remoteAddress = InetAddress.ofLiteral(remote);
        boolean v4 = suffix.equals("v4");
        int header = v4 ? 20 : 40;
        LinkedBlockingQueue<ByteBuf> fromKernel = new LinkedBlockingQueue<>();
        try (TunNamespace ns = TunNamespace.create(suffix);
                TunDevice tun = TunDevice.open("gmgwt%d", ALLOC)) {
            assertTrue(tun.name().startsWith("gmgwt") && !tun.name().contains("%"), tun.name());
            new IpCommand().moveToNamespace(tun.name(), ns.name);
            new IpCommand().inNamespace(ns.name).apply(tun.name(), settings);
            String link = ns.ip("link", "show", "dev", tun.name()).output();
            assertTrue(link.contains("mtu 1400") && link.contains("UP"), link);
            tun.start(fromKernel::add);

            // Out of the kernel: a datagram to an address routed into the device.
            TunNamespace.Result sent = ns.exec("bash", "-c", "printf gmgw-udp > /dev/udp/" + remote + "/9999");
            assertEquals(0, sent.code(), sent.output());
            ByteBuf udp = await(fromKernel, p -> protocol(p, v4) == IpPacket.UDP);
            assertArrayEquals(remoteAddress.getAddress(), bytes(udp, v4 ? 16 : 24, v4 ? 4 : 16));
            assertEquals(9999, udp.getUnsignedShort(header + 2));
            assertEquals("gmgw-udp", udp.toString(header + 8, udp.readableBytes() - header - 8,
                    StandardCharsets.US_ASCII));
            udp.release();

            // Into the kernel: an echo reply it accepts and counts, then an echo request it answers.
            long repliesBefore = echoRepliesReceived(ns, v4);
            assertTrue(tun.accept(echo(remote, local, v4 ? 0 : 129, 0x4242, 1,
                    "reply".getBytes(StandardCharsets.US_ASCII))));
            assertTrue(tun.accept(echo(remote, local, v4 ? 8 : 128, 0x4343, 7,
                    "gmgw-echo".getBytes(StandardCharsets.US_ASCII))));
            ByteBuf reply = await(fromKernel, p -> protocol(p, v4) == (v4 ? IpPacket.ICMP : IpPacket.ICMPV6)
                    && p.getUnsignedByte(header) == (v4 ? 0 : 129));
            assertArrayEquals(remoteAddress.getAddress(), bytes(reply, v4 ? 16 : 24, v4 ? 4 : 16));
            assertEquals(0x4343, reply.getUnsignedShort(header + 4));
            assertEquals(7, reply.getUnsignedShort(header + 6));
            assertEquals("gmgw-echo", reply.toString(header + 8, reply.readableBytes() - header - 8,
                    StandardCharsets.US_ASCII));
            reply.release();
            // The reply written first was taken in before the request that the kernel has answered by now.
            assertEquals(repliesBefore + 1, echoRepliesReceived(ns, v4));

            TunCounters counters = tun.counters();
            assertTrue(counters.packetsIn() >= 2, counters.toString());
            assertEquals(2, counters.packetsOut());
            assertEquals(0, counters.writeDrops());
            tun.close();
            assertNotEquals(0, ns.ip("link", "show", "dev", tun.name()).code(), "close removes the device");
            assertFalse(tun.accept(echo(remote, local, v4 ? 0 : 129, 1, 1,
                    new byte[8])), "a write after close is dropped");
            assertEquals(1, tun.counters().writeDrops());
        } finally {
            fromKernel.forEach(ByteBuf::release);
        }
    }

    /** An echo message of {@code type} from {@code src} to {@code dst}, checksummed, in a pooled buffer. */
    private static ByteBuf echo(String src, String dst, int type, int id, int seq, byte[] data) {
        return TestPackets.buffer(ALLOC, TestPackets.echo(src, dst, type, id, seq, data));
    }

    private static int protocol(ByteBuf p, boolean v4) {
        return (p.getByte(0) >> 4) == (v4 ? 4 : 6) && p.readableBytes() >= (v4 ? 28 : 48)
                ? p.getUnsignedByte(v4 ? 9 : 6) : -1;
    }

    private static byte[] bytes(ByteBuf b, int offset, int length) {
        byte[] out = new byte[length];
        b.getBytes(offset, out);
        return out;
    }

    /** The first packet {@code wanted} accepts; anything else the kernel sends (router solicitations) is released. */
    private static ByteBuf await(LinkedBlockingQueue<ByteBuf> queue, Predicate<ByteBuf> wanted)
            throws InterruptedException {
        while (true) {
            ByteBuf p = queue.poll(30, TimeUnit.SECONDS);
            assertNotNull(p, "the expected packet did not come out of the TUN device");
            if (wanted.test(p)) {
                return p;
            }
            p.release();
        }
    }

    /** Icmp InEchoReps (/proc/net/snmp) or Icmp6InEchoReplies (/proc/net/snmp6), as the namespace counts them. */
    private static long echoRepliesReceived(TunNamespace ns, boolean v4) throws Exception {
        TunNamespace.Result r = ns.exec("cat", v4 ? "/proc/net/snmp" : "/proc/net/snmp6");
        assertEquals(0, r.code(), r.output());
        List<String> lines = r.output().lines().toList();
        if (!v4) {
            return lines.stream().filter(l -> l.startsWith("Icmp6InEchoReplies")).mapToLong(
                    l -> Long.parseLong(l.split("\\s+")[1])).findFirst().orElseThrow();
        }
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("Icmp: ") && lines.get(i + 1).startsWith("Icmp: ")) {
                List<String> names = List.of(lines.get(i).split("\\s+"));
                return Long.parseLong(lines.get(i + 1).split("\\s+")[names.indexOf("InEchoReps")]);
            }
        }
        throw new AssertionError("no Icmp counters in /proc/net/snmp:\n" + r.output());
    }
}
