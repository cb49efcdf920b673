package io.gmgw.crypto.sm4;

import java.util.Arrays;
import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables4kGCMMultiplier;
import org.bouncycastle.util.Pack;

/**
 * GHASH_H of NIST SP 800-38D §6.4 over Bouncy Castle's table-driven multiplication by H in GF(2^128): Y_i = (Y_(i-1)
 * xor X_i) · H. Inputs are absorbed as zero-padded blocks, which is how §7.1 step 5 pads A and C. The 4 KiB table is
 * built once per key; no call allocates.
 */
final class Ghash {
    private final GCMMultiplier multiplier = new Tables4kGCMMultiplier();
    private final byte[] y = new byte[Sm4.BLOCK_LENGTH];

    /** Builds the multiplication table for the hash subkey {@code h} = SM4_K(0^128) (SP 800-38D §7.1 step 1). */
    Ghash(byte[] h) {
        multiplier.init(h);
    }

    /** Starts a new hash: Y_0 = 0^128. */
    void reset() {
        Arrays.fill(y, (byte) 0);
    }

    /** Absorbs {@code data[off, off + len)} as ceil(len / 16) blocks, the last one zero-padded. */
    void absorb(byte[] data, int off, int len) {
        for (int done = 0; done < len; done += Sm4.BLOCK_LENGTH) {
            absorbBlock(data, off + done, Math.min(Sm4.BLOCK_LENGTH, len - done));
        }
    }

    /** Absorbs one block of {@code len} ≤ 16 bytes, zero-padded: XOR-ing fewer bytes is the same as padding. */
    void absorbBlock(byte[] data, int off, int len) {
        for (int i = 0; i < len; i++) {
            y[i] ^= data[off + i];
        }
        multiplier.multiplyH(y);
    }

    /** Absorbs the block [a]_64 ‖ [b]_64, both bit counts big-endian (SP 800-38D §7.1 steps 2 and 5). */
    void absorbLengths(long aBits, long bBits) {
        Pack.longToBigEndian(Pack.bigEndianToLong(y, 0) ^ aBits, y, 0);
        Pack.longToBigEndian(Pack.bigEndianToLong(y, 8) ^ bBits, y, 8);
        multiplier.multiplyH(y);
    }

    /** Writes the current hash value Y_m into {@code out[outOff, outOff + 16)}. */
    void digestInto(byte[] out, int outOff) {
        System.arraycopy(y, 0, out, outOff, Sm4.BLOCK_LENGTH);
    }

    /**
     * Rebuilds the table from H = 0, which overwrites every entry (all multiples of H) in place, and clears the
     * running value.
     */
    void destroy() {
        multiplier.init(new byte[Sm4.BLOCK_LENGTH]);
        reset();
    }
}
