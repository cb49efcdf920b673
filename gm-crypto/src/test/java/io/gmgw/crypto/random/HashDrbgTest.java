package io.gmgw.crypto.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The mechanism's bookkeeping: reseed counter and interval, request limits, input lengths, uninstantiate. */
class HashDrbgTest {
    private static final byte[] ENTROPY = new byte[32];
    private static final byte[] NONCE = new byte[16];

    @Test
    void asksForAReseedOnceTheIntervalIsUsedUp() {
        HashDrbg drbg = HashDrbg.sm3(3);
        drbg.instantiate(ENTROPY, NONCE, null);
        byte[] out = new byte[32];
        for (int i = 1; i <= 3; i++) {
            assertEquals(i, drbg.reseedCounter());
            assertTrue(drbg.generate(out, 0, 32, null));
        }
        byte[] before = out.clone();
        assertFalse(drbg.generate(out, 0, 32, null));
        assertArrayEquals(before, out, "a refused request writes nothing");
        drbg.reseed(ENTROPY, null);
        assertEquals(1, drbg.reseedCounter());
        assertTrue(drbg.generate(out, 0, 32, null));
    }

    @Test
    void enforcesTheLimitsOfSp80090aTable2() {
        HashDrbg drbg = HashDrbg.sm3(HashDrbg.MAX_RESEED_INTERVAL);
        assertThrows(IllegalArgumentException.class, () -> HashDrbg.sm3(HashDrbg.MAX_RESEED_INTERVAL + 1));
        assertThrows(IllegalArgumentException.class, () -> drbg.instantiate(new byte[31], NONCE, null));
        assertThrows(IllegalArgumentException.class, () -> drbg.instantiate(ENTROPY, new byte[15], null));
        assertThrows(IllegalStateException.class, () -> drbg.generate(new byte[1], 0, 1, null));
        drbg.instantiate(ENTROPY, NONCE, null);
        byte[] big = new byte[HashDrbg.MAX_BYTES_PER_REQUEST + 1];
        assertThrows(IllegalArgumentException.class, () -> drbg.generate(big, 0, big.length, null));
        assertTrue(drbg.generate(big, 0, HashDrbg.MAX_BYTES_PER_REQUEST, null));
    }

    @Test
    void aLongRequestIsHashgenOverConsecutiveCounterValues() {
        // the first 32 bytes of a 64-byte request equal a 32-byte request from the same state
        HashDrbg a = HashDrbg.sm3(10);
        HashDrbg b = HashDrbg.sm3(10);
        a.instantiate(ENTROPY, NONCE, new byte[] {1});
        b.instantiate(ENTROPY, NONCE, new byte[] {1});
        byte[] longOut = new byte[64];
        byte[] shortOut = new byte[32];
        a.generate(longOut, 0, 64, null);
        b.generate(shortOut, 0, 32, null);
        assertArrayEquals(shortOut, java.util.Arrays.copyOf(longOut, 32));
        assertFalse(java.util.Arrays.equals(shortOut, java.util.Arrays.copyOfRange(longOut, 32, 64)));
    }

    @Test
    void uninstantiateForgetsTheState() {
        HashDrbg drbg = HashDrbg.sm3(10);
        drbg.instantiate(ENTROPY, NONCE, null);
        assertTrue(drbg.isInstantiated());
        drbg.uninstantiate();
        assertFalse(drbg.isInstantiated());
        assertThrows(IllegalStateException.class, () -> drbg.reseed(ENTROPY, null));
    }
}
