package io.gmgw.crypto.random;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The continuous random number generator test of FIPS 140-2 §4.9.2: each output block is compared with the one
 * before it and two equal consecutive blocks fail the generator. The first block after (re)instantiation is only
 * stored for comparison, never output. Blocks are one SM3 output (256 bits), so a healthy generator fails with
 * probability 2^-256 per block. Not thread-safe.
 */
final class ContinuousRngTest {
    private byte[] previous;

    /** True when {@link #accept} has a block to compare the next one with. */
    boolean primed() {
        return previous != null;
    }

    /** Stores the first block; afterwards returns false when {@code block} equals the previous one. */
    boolean accept(byte[] block) {
        if (previous == null) {
            previous = block.clone();
            return true;
        }
        boolean repeated = MessageDigest.isEqual(previous, block);
        System.arraycopy(block, 0, previous, 0, block.length);
        return !repeated;
    }

    /** Forgets the stored block (on uninstantiation). */
    void reset() {
        if (previous != null) {
            Arrays.fill(previous, (byte) 0);
        }
        previous = null;
    }
}
