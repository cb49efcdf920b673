package io.gmgw.interop;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The counter blocks of SM4-CTR and SM4-GCM worked out from their definitions with integer arithmetic, not with any
 * implementation's carry loop: encrypting them in ECB and XOR-ing gives the keystream an implementation must produce.
 * The suites use this to check how each peer's counter runs, beyond "it agrees with gm-crypto".
 */
final class ExpectedCounterBlocks {
    private static final int BLOCK = 16;
    private static final BigInteger TWO_TO_128 = BigInteger.ONE.shiftLeft(128);

    /**
     * How far the trailing {@code ff} bytes of {@link #nearCarry}'s blocks reach: a carry out of the low 32 bits (where
     * a GCM-style inc32 would stop), past 64 and 96 bits, and the wrap of the whole block at 2^128.
     */
    private static final int[] TRAILING_FF = {4, 5, 8, 12, 15, 16};

    private ExpectedCounterBlocks() {
    }

    /**
     * {@code count} CTR counter blocks from {@code initial}: T_i = initial + i mod 2^128, the block read as a
     * big-endian integer (NIST SP 800-38A §6.5 with the incrementing function of Appendix B.1 applied to all 128
     * bits), concatenated.
     */
    static byte[] wholeBlock(byte[] initial, int count) {
        BigInteger t = new BigInteger(1, initial);
        byte[] out = new byte[count * BLOCK];
        for (int i = 0; i < count; i++) {
            put128(t.add(BigInteger.valueOf(i)).mod(TWO_TO_128), out, i * BLOCK);
        }
        return out;
    }

    /**
     * The {@code count} GCTR counter blocks of GCM encryption: inc32(J0), inc32²(J0), … (NIST SP 800-38D §6.2, §7.1
     * step 3): only the low 32 bits count, modulo 2^32; the left 96 bits never change.
     */
    static byte[] inc32(byte[] j0, int count) {
        long low = new BigInteger(1, Arrays.copyOfRange(j0, 12, 16)).longValueExact();
        byte[] out = new byte[count * BLOCK];
        for (int i = 0; i < count; i++) {
            System.arraycopy(j0, 0, out, i * BLOCK, 12);
            long v = (low + 1 + i) & 0xffff_ffffL;
            for (int j = 0; j < 4; j++) {
                out[i * BLOCK + 12 + j] = (byte) (v >>> (24 - 8 * j));
            }
        }
        return out;
    }

    /** The number of 16-byte blocks that {@code length} bytes of CTR input use (the last one cut). */
    static int blocksFor(int length) {
        return (length + BLOCK - 1) / BLOCK;
    }

    /** {@code input} XOR the first {@code input.length} bytes of {@code keystream}. */
    static byte[] xor(byte[] input, byte[] keystream) {
        byte[] out = new byte[input.length];
        for (int i = 0; i < input.length; i++) {
            out[i] = (byte) (input[i] ^ keystream[i]);
        }
        return out;
    }

    /**
     * An initial counter block for case {@code i}: every third one random, the others a random prefix followed by a run
     * of {@code ff} bytes (4 to 16 of them, the last byte sometimes {@code fe}), so that a few blocks of input carry
     * out of 32 bits, past 64 or 96, or wrap the whole block.
     */
    static byte[] nearCarry(RandomCases cases, int i) {
        byte[] block = cases.bytes(BLOCK);
        if (i % 3 == 0) {
            return block;
        }
        int run = TRAILING_FF[(i / 3 + i) % TRAILING_FF.length];
        Arrays.fill(block, BLOCK - run, BLOCK, (byte) 0xff);
        if (i % 4 == 1) {
            block[BLOCK - 1] = (byte) 0xfe;
        }
        return block;
    }

    private static void put128(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, BLOCK);
        Arrays.fill(out, off, off + BLOCK, (byte) 0);
        System.arraycopy(b, b.length - n, out, off + BLOCK - n, n);
    }
}
