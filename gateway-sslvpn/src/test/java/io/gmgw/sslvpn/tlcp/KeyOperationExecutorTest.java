package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The executor's bound: threads plus queue, one more refused at once; a closed executor refuses everything. */
class KeyOperationExecutorTest {
    @Test
    void oneMoreThanThreadsPlusQueueIsRefused() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch queuedRan = new CountDownLatch(1);
        List<String> threads = new ArrayList<>();
        try (KeyOperationExecutor keys = KeyOperationExecutor.threads(1, 1)) {
            assertEquals(2, keys.limit());
            assertTrue(keys.trySubmit(() -> {
                synchronized (threads) {
                    threads.add(Thread.currentThread().getName());
                }
                started.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertTrue(started.await(20, TimeUnit.SECONDS));
            assertTrue(keys.trySubmit(queuedRan::countDown), "one may wait");
            assertFalse(keys.trySubmit(() -> {
                throw new AssertionError("refused operations never run");
            }), "a third is refused");
            assertEquals(1, keys.refused());
            assertEquals(2, keys.outstanding());
            release.countDown();
            assertTrue(queuedRan.await(20, TimeUnit.SECONDS), "the waiting one runs when a thread is free");
            synchronized (threads) {
                assertTrue(threads.getFirst().startsWith("tlcp-key-"), threads::toString);
            }
            keys.close();
            assertFalse(keys.trySubmit(() -> {
            }), "closed");
            assertEquals(2, keys.refused());
        }
    }

    @Test
    void limitsMustAllowSomething() {
        assertThrows(IllegalArgumentException.class, () -> KeyOperationExecutor.threads(0, 4));
        assertThrows(IllegalArgumentException.class, () -> KeyOperationExecutor.threads(1, -1));
        assertThrows(IllegalArgumentException.class, () -> KeyOperationExecutor.on(Runnable::run, 0));
    }
}
