package io.gmgw.crypto.sm4;

import org.bouncycastle.util.Pack;

/**
 * The two counter increments of the SM4 modes. Counters are public values, so the data-dependent carry loop leaks
 * nothing secret.
 */
final class CounterBlocks {
    private CounterBlocks() {
    }

    /**
     * Adds one to the whole 16-byte block as a big-endian 128-bit integer, wrapping at 2^128: the standard
     * incrementing function of NIST SP 800-38A Appendix B.1 with m = 128, which is what the CTR examples of
     * draft-ribose-cfrg-sm4-10 Appendix A.2.5 use.
     */
    static void increment128(byte[] block) {
        for (int i = Sm4.BLOCK_LENGTH - 1; i >= 0; i--) {
            if (++block[i] != 0) {
                return;
            }
        }
    }

    /** inc32 of NIST SP 800-38D §6.2: adds one to the rightmost 32 bits modulo 2^32, leaving the left 96 bits alone. */
    static void increment32(byte[] block) {
        Pack.intToBigEndian(Pack.bigEndianToInt(block, 12) + 1, block, 12);
    }
}
