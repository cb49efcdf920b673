package io.gmgw.sslvpn.client.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.packet.Checksums;
import io.gmgw.gateway.packet.IpPacket;
import io.gmgw.sslvpn.client.LocalPackets;
import io.gmgw.sslvpn.client.TunnelParameters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PingerTest {
    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final List<ByteBuf> sent = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private String finished;

    private final LocalPackets.Uplink uplink = new LocalPackets.Uplink() {
        @Override
        public boolean send(ByteBuf packet) {
            sent.add(packet);
            return true;
        }

        @Override
        public void finish(String reason) {
            finished = reason;
        }
    };

    @AfterEach
    void release() {
        sent.forEach(ByteBuf::release);
        loop.finishAndReleaseAll();
    }

    private static TunnelParameters tunnel() {
        return TunnelParameters.fromHeaders(List.of(Map.entry("X-CSTP-Address", "192.168.99.2"),
                Map.entry("X-CSTP-Address-IP6", "fd00:99::2/64"), Map.entry("X-CSTP-MTU", "1400")));
    }

    /** What an echo responder on the target sends back: addresses swapped, type reply, checksums redone. */
    static ByteBuf reply(ByteBuf request) {
        ByteBuf r = request.copy();
        if ((r.getByte(0) >> 4) == 4) {
            byte[] src = new byte[4];
            byte[] dst = new byte[4];
            r.getBytes(12, src);
            r.getBytes(16, dst);
            r.setBytes(12, dst).setBytes(16, src).setByte(8, 61).setShort(10, 0);
            r.setShort(10, Checksums.finish(Checksums.sum(r, 0, 20, 0)));
            r.setByte(20, 0).setShort(22, 0);
            r.setShort(22, Checksums.finish(Checksums.sum(r, 20, r.readableBytes() - 20, 0)));
            return r;
        }
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        r.getBytes(8, src);
        r.getBytes(24, dst);
        r.setBytes(8, dst).setBytes(24, src).setByte(40, 129).setShort(42, 0);
        r.setShort(42, Checksums.withPseudoHeader(r, 0, IpPacket.parse(r)));
        return r;
    }

    @Test
    void ipv4HeaderChecksumMatchesTheTextbookExample() {
        ByteBuf h = Unpooled.wrappedBuffer(HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7"));
        assertEquals(0xb861, Checksums.finish(Checksums.sum(h, 0, 20, 0)));
        h.release();
    }

    @Test
    void everyReplyBackIsSuccessWithRtts() {
        loop.freezeTime();
        Pinger p = new Pinger(InetAddress.ofLiteral("192.168.99.1"), 3, Duration.ofSeconds(1), Duration.ofSeconds(2),
                0x1234, loop.eventLoop(), lines::add);
        p.open(tunnel(), uplink);
        assertEquals(1, sent.size());
        assertEquals("45", HexFormat.of().formatHex(new byte[] {sent.get(0).getByte(0)}));
        loop.advanceTimeBy(3, TimeUnit.MILLISECONDS);
        p.fromGateway(reply(sent.get(0)));
        assertTrue(lines.get(1).startsWith("64 bytes from 192.168.99.1: icmp_seq=1 ttl=61 time=3.000 ms"), lines.get(1));
        for (int i = 1; i < 3; i++) {
            loop.advanceTimeBy(997, TimeUnit.MILLISECONDS);
            loop.runScheduledPendingTasks();
            assertEquals(i + 1, sent.size());
            loop.advanceTimeBy(3, TimeUnit.MILLISECONDS);
            p.fromGateway(reply(sent.get(i)));
        }
        assertEquals("ping finished", finished);
        Pinger.Result r = p.result();
        assertTrue(r.complete());
        assertEquals(List.of("3 packets transmitted, 3 received, 0% packet loss, time 2003ms",
                "rtt min/avg/max/mdev = 3.000/3.000/3.000/0.000 ms"), r.summary().subList(1, 3));
        p.close();
    }

    @Test
    void missingReplyFailsAfterTheLinger() {
        loop.freezeTime();
        Pinger p = new Pinger(InetAddress.ofLiteral("192.168.99.1"), 2, Duration.ofSeconds(1), Duration.ofSeconds(2),
                7, loop.eventLoop(), lines::add);
        p.open(tunnel(), uplink);
        p.fromGateway(reply(sent.get(0)));
        p.fromGateway(reply(sent.get(0)));
        loop.advanceTimeBy(1, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        loop.runScheduledPendingTasks();
        assertEquals(2, sent.size());
        assertEquals(null, finished);
        loop.advanceTimeBy(2, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        assertEquals("ping finished with replies missing", finished);
        Pinger.Result r = p.result();
        assertFalse(r.complete());
        assertEquals(1, r.duplicates());
        assertTrue(r.summary().get(1).startsWith("2 packets transmitted, 1 received, +1 duplicates, 50% packet loss"),
                r.summary().get(1));
        p.close();
    }

    @Test
    void ipv6EchoThroughTheTunnelAddress() {
        loop.freezeTime();
        Pinger p = new Pinger(InetAddress.ofLiteral("fd00:99::1"), 1, Duration.ofSeconds(1), Duration.ofSeconds(1),
                9, loop.eventLoop(), lines::add);
        p.open(tunnel(), uplink);
        assertEquals(6, sent.get(0).getByte(0) >> 4);
        p.fromGateway(reply(sent.get(0)));
        assertTrue(p.result().complete(), lines.toString());
        assertTrue(lines.get(0).contains("from fd00:99:0:0:0:0:0:2"), lines.get(0));
        p.close();
    }

    @Test
    void otherPacketsAndBadChecksumsAreIgnored() {
        loop.freezeTime();
        Pinger p = new Pinger(InetAddress.ofLiteral("192.168.99.1"), 1, Duration.ofSeconds(1), Duration.ofSeconds(1),
                9, loop.eventLoop(), lines::add);
        p.open(tunnel(), uplink);
        ByteBuf bad = reply(sent.get(0));
        bad.setByte(bad.writerIndex() - 1, bad.getByte(bad.writerIndex() - 1) ^ 1);
        p.fromGateway(bad);
        p.fromGateway(Unpooled.wrappedBuffer(new byte[] {0x45}));
        assertEquals(0, p.result().received());
        p.close();
    }

    @Test
    void noAddressOfTheTargetsFamilyIsAClearError() {
        Pinger p = new Pinger(InetAddress.ofLiteral("192.168.99.1"), 1, Duration.ofSeconds(1), Duration.ofSeconds(1),
                9, loop.eventLoop(), lines::add);
        TunnelParameters v6only = TunnelParameters.fromHeaders(List.of(Map.entry("X-CSTP-Address-IP6", "fd00::2/64"),
                Map.entry("X-CSTP-MTU", "1400")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.open(v6only, uplink));
        assertTrue(e.getMessage().contains("no IPv4 address"), e.getMessage());
    }
}
