package io.gmgw.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.pkcs11.token.Pkcs11Module;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight threads signing through one module and one key handle for {@code gmgw.pkcs11.concurrency.seconds}
 * (2 s in verify, 10 s for the full run): no errors, every checked signature verifies, the pool never exceeds its
 * bound, and no session is left open on the token afterwards.
 */
class ConcurrentSigningTest {
    private static final int THREADS = 8;
    private static final CryptoModule CRYPTO = TestModules.production();

    @Test
    void eightThreadsSignWithoutErrorsOrLeakedSessions(@TempDir Path dir) throws Exception {
        Path library = NativePeers.softKey();
        long seconds = Long.getLong("gmgw.pkcs11.concurrency.seconds", 2);
        SoftKey.reset("0x8000", 1, 5);
        try (Pkcs11Module module = Pkcs11Module.open(library, (String) null)) {
            SoftKey.initToken(module.library(), 0, "busy");
            SoftKey.generateKey(module, 0, "k");
            Pkcs11Library lib = module.library();
            assertEquals(0, lib.tokenInfo(0).sessionCount());

            String uri = "pkcs11:token=busy;object=k?module-path=" + library + "&x-sessions=" + THREADS
                    + "&pin-source=file:" + SoftKey.userPinFile(dir);
            AtomicLong signatures = new AtomicLong();
            AtomicLong maxSessions = new AtomicLong();
            try (KeyHandle key = KeyProviders.load(CRYPTO).open(uri, KeyOptions.none())) {
                ExecutorService pool = Executors.newFixedThreadPool(THREADS);
                CountDownLatch start = new CountDownLatch(1);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                List<Future<Long>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        start.await();
                        long n = 0;
                        while (System.nanoTime() < deadline) {
                            byte[] m = ByteBuffer.allocate(16).putInt(thread).putLong(n).array();
                            byte[] sig = key.sign(m);
                            if (n % 64 == 0 && !CRYPTO.sm2().verify(key.publicKey(), m, sig)) {
                                throw new AssertionError("thread " + thread + ": signature " + n + " does not verify");
                            }
                            maxSessions.accumulateAndGet(lib.tokenInfo(0).sessionCount(), Math::max);
                            n++;
                        }
                        return n;
                    }));
                }
                start.countDown();
                for (Future<Long> f : results) {
                    long n = f.get(seconds + 60, TimeUnit.SECONDS); // an error in any thread fails here
                    assertTrue(n > 0);
                    signatures.addAndGet(n);
                }
                pool.shutdown();
                assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            }
            assertTrue(maxSessions.get() <= THREADS, "pool exceeded its bound: " + maxSessions.get());
            assertEquals(0, lib.tokenInfo(0).sessionCount(), "sessions left open after the key handle was closed");
            System.err.printf("pkcs11 concurrency: %d signatures in %d s by %d threads (%.0f/s), at most %d sessions%n",
                    signatures.get(), seconds, THREADS, signatures.get() / (double) seconds, maxSessions.get());
        }
    }
}
