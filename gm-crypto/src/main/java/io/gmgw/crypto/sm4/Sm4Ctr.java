package io.gmgw.crypto.sm4;

import io.gmgw.crypto.core.ModuleContext;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * SM4 in counter mode (NIST SP 800-38A §6.5): the keystream is SM4 of the initial counter block, then of that block
 * plus one, and so on, the whole 128-bit block counting big-endian (SP 800-38A Appendix B.1, as in the examples of
 * draft-ribose-cfrg-sm4-10 Appendix A.2.5). Any length; the last keystream block is cut. Encryption and decryption are
 * the same operation.
 *
 * <p>Keyed once and reused; each call takes its own initial counter block, allocates nothing, and may work in place.
 * The caller must never use one counter value twice under the same key. Not thread-safe.
 */
public final class Sm4Ctr implements Destroyable {
    private static final String MODE = "SM4-CTR";

    private final ModuleContext module;
    private final Sm4RoundKeys keys;
    private final byte[] counter = new byte[Sm4.BLOCK_LENGTH];
    private final byte[] keystream = new byte[Sm4.BLOCK_LENGTH];

    Sm4Ctr(ModuleContext module, byte[] key) {
        this.module = module;
        this.keys = Sm4RoundKeys.forwardOnly(key);
    }

    /**
     * Encrypts {@code in[inOff, inOff + len)} into {@code out} at {@code outOff}, starting from the 16-byte counter
     * block at {@code counterBlock[cbOff]} (which is not modified); returns {@code len}.
     */
    public int encrypt(byte[] counterBlock, int cbOff, byte[] in, int inOff, int len, byte[] out, int outOff) {
        module.check();
        keys.requireLive(MODE);
        Regions.check("counter block", counterBlock, cbOff, Sm4.BLOCK_LENGTH);
        Regions.check("input", in, inOff, len);
        Regions.check("output", out, outOff, len);
        Regions.checkOverlap(in, inOff, len, out, outOff);
        System.arraycopy(counterBlock, cbOff, counter, 0, Sm4.BLOCK_LENGTH);
        try {
            for (int done = 0; done < len; done += Sm4.BLOCK_LENGTH) {
                keys.encryptBlock(counter, 0, keystream, 0);
                CounterBlocks.increment128(counter);
                int n = Math.min(Sm4.BLOCK_LENGTH, len - done);
                for (int j = 0; j < n; j++) {
                    out[outOff + done + j] = (byte) (in[inOff + done + j] ^ keystream[j]);
                }
            }
            return len;
        } finally {
            Arrays.fill(keystream, (byte) 0);
            Arrays.fill(counter, (byte) 0);
        }
    }

    /** The inverse of {@link #encrypt}, which in counter mode is the same keystream XOR. */
    public int decrypt(byte[] counterBlock, int cbOff, byte[] in, int inOff, int len, byte[] out, int outOff) {
        return encrypt(counterBlock, cbOff, in, inOff, len, out, outOff);
    }

    /** Wipes the round keys and scratch blocks; every later call throws {@link IllegalStateException}. */
    @Override
    public void destroy() {
        keys.destroy();
        Arrays.fill(keystream, (byte) 0);
        Arrays.fill(counter, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return keys.isDestroyed();
    }
}
