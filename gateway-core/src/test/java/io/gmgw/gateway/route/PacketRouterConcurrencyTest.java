package io.gmgw.gateway.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.packet.IpPacket;
import io.gmgw.gateway.packet.TestPackets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A device thread routes to sessions that drain on their own executors (as event loops would) while sessions come
 * and go: every packet is delivered or dropped exactly once and every buffer is released.
 */
class PacketRouterConcurrencyTest {
    @Test
    void everyPacketIsDeliveredOrDroppedOnceWhileSessionsAttachAndClose() throws Exception {
        PacketRouter router = new PacketRouter();
        int sessions = 8;
        List<ExecutorService> loops = new ArrayList<>();
        AtomicLong delivered = new AtomicLong();
        List<ByteBuf> all = new ArrayList<>();
        String inside = "192.168.10.5";
        try {
            for (int s = 0; s < sessions; s++) {
                loops.add(Executors.newSingleThreadExecutor());
            }
            ExecutorService device = Executors.newSingleThreadExecutor();
            Future<?> producer;
            List<SessionPort> ports = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                ExecutorService loop = loops.get(s);
                SessionPort[] port = new SessionPort[1];
                port[0] = router.attach("s" + s, List.of(InetAddress.ofLiteral("10.8.0." + (s + 2))), 32,
                        () -> loop.execute(() -> port[0].drain(p -> {
                            delivered.incrementAndGet();
                            p.release();
                            return true;
                        }, 16)));
                ports.add(port[0]);
            }
            int packets = 10_000;
            for (int i = 0; i < packets; i++) {
                // Sessions 0..7 plus two addresses nobody owns.
                all.add(TestPackets.buffer(PooledByteBufAllocator.DEFAULT, TestPackets.ip(IpPacket.UDP, inside,
                        "10.8.0." + (2 + i % (sessions + 2)), new byte[16])));
            }
            producer = device.submit(() -> all.forEach(router::accept));
            // Half of the sessions leave while packets flow.
            for (int s = 0; s < sessions / 2; s++) {
                SessionPort p = ports.get(s);
                loops.get(s).submit(p::close).get(10, TimeUnit.SECONDS);
            }
            producer.get(60, TimeUnit.SECONDS);
            device.shutdown();
            for (int s = sessions / 2; s < sessions; s++) {
                SessionPort p = ports.get(s);
                loops.get(s).submit(p::close).get(10, TimeUnit.SECONDS);
            }
            long dropped = ports.stream().mapToLong(SessionPort::dropped).sum();
            long released = ports.stream().mapToLong(SessionPort::queued).sum() - delivered.get();
            assertEquals(packets, delivered.get() + dropped + released + router.unroutable(),
                    "delivered " + delivered + ", dropped " + dropped + ", released on close " + released
                            + ", unroutable " + router.unroutable());
            assertTrue(delivered.get() > 0);
            assertTrue(router.unroutable() >= packets / (sessions + 2) * 2);
        } finally {
            loops.forEach(ExecutorService::shutdownNow);
            for (ExecutorService loop : loops) {
                loop.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        for (ByteBuf b : all) {
            assertEquals(0, b.refCnt(), "a packet was not released");
        }
    }
}
