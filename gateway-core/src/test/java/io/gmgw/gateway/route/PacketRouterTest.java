package io.gmgw.gateway.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.packet.IpPacket;
import io.gmgw.gateway.packet.TestPackets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PacketRouterTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final String INSIDE = "192.168.10.5";
    private static final String INSIDE6 = "fd00:10::5";

    private final PacketRouter router = new PacketRouter();
    private final List<ByteBuf> sent = new ArrayList<>();

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    /** A packet from inside to {@code destination}, remembered so the test can check it was released. */
    private ByteBuf packetTo(InetAddress destination) {
        String source = destination.getAddress().length == 4 ? INSIDE : INSIDE6;
        ByteBuf b = TestPackets.buffer(ALLOC, TestPackets.ip(IpPacket.UDP, source, destination.getHostAddress(),
                new byte[32]));
        sent.add(b);
        return b;
    }

    @AfterEach
    void everyPacketWasReleased() {
        for (ByteBuf b : sent) {
            assertEquals(0, b.refCnt(), "a packet was not released");
        }
    }

    @Test
    void packetsGoToTheSessionThatOwnsTheirDestinationIpv4AndIpv6() {
        SessionPort alice = router.attach("alice", List.of(ip("10.8.0.2"), ip("fd00:8::2")), 16, () -> { });
        SessionPort bob = router.attach("bob", List.of(ip("10.8.0.3")), 16, () -> { });
        assertTrue(router.accept(packetTo(ip("10.8.0.2"))));
        assertTrue(router.accept(packetTo(ip("fd00:8::2"))));
        assertTrue(router.accept(packetTo(ip("10.8.0.3"))));
        List<ByteBuf> toAlice = new ArrayList<>();
        assertEquals(2, alice.drain(p -> toAlice.add(p), 10));
        assertEquals(4, toAlice.get(0).getByte(0) >> 4);
        assertEquals(6, toAlice.get(1).getByte(0) >> 4);
        toAlice.forEach(ByteBuf::release);
        assertEquals(1, bob.drain(p -> p.release(), 10));
        assertEquals(2, router.sessions());
        alice.close();
        bob.close();
        assertEquals(0, router.sessions());
    }

    @Test
    void packetsNobodyOwnsAndPacketsThatAreNotIpAreDroppedAndCounted() {
        SessionPort alice = router.attach("alice", List.of(ip("10.8.0.2")), 16, () -> { });
        assertFalse(router.accept(packetTo(ip("10.8.0.99"))));
        assertFalse(router.accept(packetTo(ip("fd00:8::99"))));
        assertFalse(router.accept(packetTo(ip("10.8.0.255"))));
        assertEquals(3, router.unroutable());

        ByteBuf shortV4 = Unpooled.wrappedBuffer(new byte[] {0x45, 0, 0, 19});
        ByteBuf shortV6 = Unpooled.buffer().writeInt(0x6000_0000).writeZero(30);
        ByteBuf version5 = Unpooled.buffer().writeByte(0x55).writeZero(39);
        ByteBuf empty = Unpooled.buffer(0);
        for (ByteBuf b : List.of(shortV4, shortV6, version5, empty)) {
            sent.add(b);
            assertFalse(router.accept(b));
        }
        assertEquals(4, router.malformed());
        assertEquals(0, alice.waiting());
        alice.close();
    }

    @Test
    void aSlowSessionDropsItsOwnPacketsAndNeverStallsTheOthers() {
        SessionPort slow = router.attach("slow", List.of(ip("10.8.0.2")), 4, () -> { });
        List<ByteBuf> fastReceived = new ArrayList<>();
        SessionPort[] fast = new SessionPort[1];
        // The fast session drains as soon as it is woken (as an event loop would, a moment later).
        fast[0] = router.attach("fast", List.of(ip("10.8.0.3")), 4, () -> fast[0].drain(fastReceived::add, 64));
        for (int i = 0; i < 100; i++) {
            router.accept(packetTo(ip("10.8.0.2")));
            assertTrue(router.accept(packetTo(ip("10.8.0.3"))), "the fast session lost packet " + i);
        }
        assertEquals(100, fastReceived.size());
        fastReceived.forEach(ByteBuf::release);
        assertEquals(4, slow.waiting());
        assertEquals(4, slow.queued());
        assertEquals(96, slow.dropped());
        assertEquals(0, fast[0].dropped());
        slow.close(); // releases the 4 still queued
        fast[0].close();
    }

    @Test
    void theWakeupRunsOncePerBatchAndAgainAfterADrain() {
        AtomicInteger wakeups = new AtomicInteger();
        SessionPort port = router.attach("s", List.of(ip("10.8.0.2")), 16, wakeups::incrementAndGet);
        router.accept(packetTo(ip("10.8.0.2")));
        router.accept(packetTo(ip("10.8.0.2")));
        assertEquals(1, wakeups.get(), "a pending wake-up is not repeated");
        assertEquals(1, port.drain(ByteBuf::release, 1));
        router.accept(packetTo(ip("10.8.0.2")));
        assertEquals(2, wakeups.get(), "a drain clears the pending flag");
        assertEquals(2, port.drain(ByteBuf::release, 10));
        port.close();
    }

    @Test
    void aSessionOnAnEventLoopDrainsIntoItsChannel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        SessionPort[] port = new SessionPort[1];
        port[0] = router.attach("s", List.of(ip("10.8.0.2")), 16, () -> channel.eventLoop().execute(
                () -> port[0].drain(p -> {
                    channel.writeOutbound(p);
                    return true;
                }, 64)));
        router.accept(packetTo(ip("10.8.0.2")));
        router.accept(packetTo(ip("10.8.0.2")));
        assertNull(channel.readOutbound(), "nothing is written before the event loop runs");
        channel.runPendingTasks();
        for (int i = 0; i < 2; i++) {
            ByteBuf out = channel.readOutbound();
            assertEquals(52, out.readableBytes());
            out.release();
        }
        assertNull(channel.readOutbound());
        port[0].close();
        assertFalse(channel.finish());
    }

    @Test
    void closingASessionReleasesItsQueueAndItsAddressesRouteNowhere() {
        SessionPort port = router.attach("s", List.of(ip("10.8.0.2")), 16, () -> { });
        router.accept(packetTo(ip("10.8.0.2")));
        router.accept(packetTo(ip("10.8.0.2")));
        port.close();
        port.close();
        assertEquals(0, port.waiting());
        assertFalse(router.accept(packetTo(ip("10.8.0.2"))));
        assertEquals(1, router.unroutable());
        // The address can be attached again (a reconnect).
        router.attach("s2", List.of(ip("10.8.0.2")), 16, () -> { }).close();
    }

    @Test
    void anAddressOwnedByOneSessionIsNeverAttachedToAnother() {
        SessionPort alice = router.attach("alice", List.of(ip("10.8.0.2")), 16, () -> { });
        GatewayException e = assertThrows(GatewayException.class,
                () -> router.attach("mallory", List.of(ip("10.8.0.9"), ip("10.8.0.2")), 16, () -> { }));
        assertEquals(GatewayException.Kind.STATE, e.kind());
        assertTrue(e.getMessage().contains("already routed to session alice"), e.getMessage());
        // Nothing of mallory's was left behind: 10.8.0.9 routes nowhere, 10.8.0.2 still to alice.
        assertFalse(router.accept(packetTo(ip("10.8.0.9"))));
        assertTrue(router.accept(packetTo(ip("10.8.0.2"))));
        assertEquals(1, alice.waiting());
        alice.close();
    }
}
