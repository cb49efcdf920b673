package io.gmgw.sslvpn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bounded way from a reader thread to the event loop: a full hand-off drops, counts and releases. */
class PacketHandoffTest {
    private final ArrayDeque<Runnable> loop = new ArrayDeque<>(); // a loop that runs only when the test says so
    private final List<ByteBuf> delivered = new ArrayList<>();
    private final AtomicInteger drops = new AtomicInteger();

    @Test
    void beyondTheLimitPacketsAreDroppedAndCountedUntilTheLoopCatchesUp() {
        PacketHandoff h = new PacketHandoff(loop::add, 3, delivered::add, drops::incrementAndGet);
        List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ByteBuf b = Unpooled.buffer(1).writeByte(i);
            sent.add(b);
            assertEquals(i < 3, h.offer(b), "packet " + i);
        }
        assertEquals(2, drops.get());
        assertEquals(0, sent.get(3).refCnt(), "a dropped packet is released");
        assertEquals(3, h.waiting());
        loop.poll().run();
        assertEquals(2, h.waiting(), "one taken on the loop makes room for one more");
        assertTrue(h.offer(Unpooled.buffer(1).writeByte(9)));
        assertFalse(h.offer(Unpooled.buffer(1).writeByte(10)));
        while (!loop.isEmpty()) {
            loop.poll().run();
        }
        assertEquals(List.of(0, 1, 2, 9), delivered.stream().map(b -> (int) b.getByte(0)).toList(), "in order");
        assertEquals(3, drops.get());
        assertEquals(0, h.waiting());
        delivered.forEach(ByteBuf::release);
    }

    @Test
    void aLoopThatIsShuttingDownDropsThePacket() {
        PacketHandoff h = new PacketHandoff(r -> {
            throw new RejectedExecutionException("shut down");
        }, 3, delivered::add, drops::incrementAndGet);
        ByteBuf b = Unpooled.buffer(1).writeByte(1);
        assertFalse(h.offer(b));
        assertEquals(0, b.refCnt());
        assertEquals(1, drops.get());
        assertEquals(0, h.waiting());
    }
}
