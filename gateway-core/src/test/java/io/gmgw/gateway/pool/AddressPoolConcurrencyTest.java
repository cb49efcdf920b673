package io.gmgw.gateway.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.ip.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many threads leasing and releasing from one small pool: no address is ever held by two owners at once. */
class AddressPoolConcurrencyTest {
    @Test
    void noAddressIsHandedOutTwiceUnderContention() throws Exception {
        // 29 client addresses for 8 threads x 8 owners each: the pool runs full again and again.
        AddressPool pool = AddressPool.of("busy", IpPrefix.parse("10.9.0.0/27", "test"), null);
        ConcurrentHashMap<InetAddress, String> holders = new ConcurrentHashMap<>();
        AtomicInteger exhausted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        int threads = 8;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(executor.submit(() -> {
                    Random random = new Random(id);
                    List<Lease> mine = new ArrayList<>();
                    go.await();
                    int leases = 0;
                    for (int i = 0; i < 5_000; i++) {
                        if (mine.size() < 8 && random.nextBoolean()) {
                            String owner = "t" + id + "-" + i;
                            try {
                                Lease lease = pool.lease(owner, "user" + random.nextInt(40));
                                String before = holders.putIfAbsent(lease.address(), owner);
                                assertNull(before, lease.address() + " handed to " + owner + " while " + before
                                        + " holds it");
                                mine.add(lease);
                                leases++;
                            } catch (GatewayException e) {
                                assertEquals(GatewayException.Kind.RESOURCE, e.kind());
                                exhausted.incrementAndGet();
                            }
                        } else if (!mine.isEmpty()) {
                            Lease lease = mine.remove(random.nextInt(mine.size()));
                            // Forget the holder first: once released, another thread may take the address at once.
                            assertTrue(holders.remove(lease.address(), lease.owner()));
                            assertTrue(pool.release(lease));
                        }
                    }
                    for (Lease lease : mine) {
                        holders.remove(lease.address(), lease.owner());
                        pool.release(lease);
                    }
                    return leases;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertTrue(total > 1_000, "the threads leased " + total + " times");
            assertTrue(exhausted.get() > 0, "the pool never ran full, so the test proved less than it claims");
            assertEquals(0, pool.leased());
            assertTrue(holders.isEmpty());
        } finally {
            executor.shutdownNow();
        }
    }
}
