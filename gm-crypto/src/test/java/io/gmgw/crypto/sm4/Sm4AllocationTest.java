package io.gmgw.crypto.sm4;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-record path allocates nothing: after a warm-up, many calls of each operation together allocate less than
 * one byte per call on this thread (a single allocation per call, at least 16 bytes, would show as far more). Uses
 * HotSpot's per-thread allocation counter, which counts bytes, not time, so the test does not depend on the
 * machine's speed.
 */
class Sm4AllocationTest {
    private static final int WARM_UP = 10_000;
    private static final int CALLS = 20_000;

    private final CryptoModule module = TestModules.deterministic("sm4-allocation");
    private final byte[] key = new byte[16];

    @Test
    void theRecordPathAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot count allocated bytes per thread");

        for (Map.Entry<String, Runnable> operation : operations().entrySet()) {
            Runnable call = operation.getValue();
            for (int i = 0; i < WARM_UP; i++) {
                call.run();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                call.run();
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < CALLS, operation.getKey() + " allocated " + allocated + " bytes in " + CALLS
                    + " calls");
        }
    }

    /** One call of each operation as a record layer makes it: a 13-byte AAD, about 100 bytes of data, in place. */
    private Map<String, Runnable> operations() {
        Sm4Ecb ecb = module.sm4().ecb(key);
        Sm4Cbc cbc = module.sm4().cbc(key);
        Sm4Ctr ctr = module.sm4().ctr(key);
        Sm4Gcm gcm = module.sm4().gcm(key);
        byte[] record = new byte[160];
        byte[] iv = new byte[16];
        byte[] nonce12 = new byte[12];
        byte[] nonce16 = new byte[16];
        byte[] aad = new byte[13];
        // a valid sealed record and a valid PKCS#7 ciphertext to open again and again
        byte[] sealed = new byte[116];
        gcm.seal(nonce12, aad, sealed, 0, 100, sealed, 0);
        byte[] opened = new byte[100];
        byte[] padded = new byte[112];
        cbc.encryptPkcs7(iv, 0, padded, 0, 100, padded, 0);
        byte[] unpadded = new byte[111];

        Map<String, Runnable> operations = new LinkedHashMap<>();
        operations.put("ecb.encrypt", () -> ecb.encrypt(record, 0, 96, record, 0));
        operations.put("ecb.decrypt", () -> ecb.decrypt(record, 0, 96, record, 0));
        operations.put("cbc.encrypt", () -> cbc.encrypt(iv, 0, record, 16, 96, record, 16));
        operations.put("cbc.decrypt over its IV", () -> cbc.decrypt(record, 0, record, 16, 96, record, 0));
        operations.put("cbc.encryptPkcs7", () -> cbc.encryptPkcs7(iv, 0, record, 0, 100, record, 0));
        operations.put("cbc.decryptPkcs7", () -> cbc.decryptPkcs7(iv, 0, padded, 0, 112, unpadded, 0));
        operations.put("ctr.encrypt", () -> ctr.encrypt(iv, 0, record, 0, 100, record, 0));
        operations.put("gcm.seal", () -> gcm.seal(nonce12, 0, 12, aad, 0, 13, record, 0, 100, record, 0));
        operations.put("gcm.seal, 16-byte nonce", () -> gcm.seal(nonce16, aad, record, 0, 100, record, 0));
        operations.put("gcm.open", () -> gcm.open(nonce12, 0, 12, aad, 0, 13, sealed, 0, 116, opened, 0));
        return operations;
    }
}
