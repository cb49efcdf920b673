package io.gmgw.crypto.sm4;

import io.gmgw.crypto.core.ModuleContext;
import javax.security.auth.Destroyable;

/**
 * SM4 in electronic codebook mode (NIST SP 800-38A §6.1) without padding, keyed once and reused. Each call takes a
 * whole number of 16-byte blocks, allocates nothing, and may work in place. Not thread-safe. ECB leaks equal blocks; it
 * is here for key wrapping of single blocks and for the known-answer tests, not for bulk data.
 */
public final class Sm4Ecb implements Destroyable {
    private static final String MODE = "SM4-ECB";

    private final ModuleContext module;
    private final Sm4RoundKeys keys;

    Sm4Ecb(ModuleContext module, byte[] key) {
        this.module = module;
        this.keys = Sm4RoundKeys.bothDirections(key);
    }

    /** Encrypts {@code in[inOff, inOff + len)} into {@code out} at {@code outOff}; returns {@code len}. */
    public int encrypt(byte[] in, int inOff, int len, byte[] out, int outOff) {
        begin(in, inOff, len, out, outOff);
        for (int i = 0; i < len; i += Sm4.BLOCK_LENGTH) {
            keys.encryptBlock(in, inOff + i, out, outOff + i);
        }
        return len;
    }

    /** Decrypts {@code in[inOff, inOff + len)} into {@code out} at {@code outOff}; returns {@code len}. */
    public int decrypt(byte[] in, int inOff, int len, byte[] out, int outOff) {
        begin(in, inOff, len, out, outOff);
        for (int i = 0; i < len; i += Sm4.BLOCK_LENGTH) {
            keys.decryptBlock(in, inOff + i, out, outOff + i);
        }
        return len;
    }

    /** Wipes the round keys; every later call throws {@link IllegalStateException}. */
    @Override
    public void destroy() {
        keys.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return keys.isDestroyed();
    }

    private void begin(byte[] in, int inOff, int len, byte[] out, int outOff) {
        module.check();
        keys.requireLive(MODE);
        Regions.check("input", in, inOff, len);
        Regions.checkBlockMultiple(MODE, len);
        Regions.check("output", out, outOff, len);
        Regions.checkOverlap(in, inOff, len, out, outOff);
    }
}
