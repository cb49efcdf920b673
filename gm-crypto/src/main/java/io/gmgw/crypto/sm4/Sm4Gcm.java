package io.gmgw.crypto.sm4;

import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.core.ModuleContext;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * SM4 in Galois/Counter Mode (NIST SP 800-38D), 16-byte tags, as TLS 1.3 (RFC 8998 §3.5.1), the SM4-GCM suites of
 * TLCP (GB/T 38636-2020) and ESP use it. 12-byte nonces take the fast path J0 = IV ‖ 0^31 ‖ 1; any other non-empty
 * nonce is hashed into J0 as SP 800-38D §7.1 step 2 says. The output of {@link #seal} and the input of {@link #open}
 * is the ciphertext followed by the tag, as records carry it.
 *
 * <p>Keyed once and reused (the GHASH table is built once per key); each call takes its own nonce and additional
 * data, allocates nothing, and may work in place (or write its output before its input in the same array). The caller
 * must never use a nonce twice under one key. Not thread-safe.
 */
public final class Sm4Gcm implements Destroyable {
    /** The nonce length of the fast path, and the one RFC 8998 and TLCP use. */
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private static final String MODE = "SM4-GCM";
    /** One message for every rejected ciphertext; a wrong tag is the only thing {@link #open} can find. */
    private static final String REJECTED = "SM4-GCM ciphertext failed authentication";

    private final ModuleContext module;
    private final Sm4RoundKeys keys;
    private final Ghash ghash;
    private final byte[] j0 = new byte[Sm4.BLOCK_LENGTH];
    private final byte[] counter = new byte[Sm4.BLOCK_LENGTH];
    private final byte[] keystream = new byte[Sm4.BLOCK_LENGTH];
    private final byte[] tag = new byte[TAG_LENGTH];

    Sm4Gcm(ModuleContext module, byte[] key) {
        this.module = module;
        this.keys = Sm4RoundKeys.forwardOnly(key);
        byte[] h = new byte[Sm4.BLOCK_LENGTH];
        keys.encryptBlock(h, 0, h, 0);
        this.ghash = new Ghash(h);
        Arrays.fill(h, (byte) 0);
    }

    /**
     * Encrypts {@code in[inOff, inOff + inLen)} and authenticates it with the additional data {@code aad[aadOff,
     * aadOff + aadLen)} under the nonce {@code nonce[nonceOff, nonceOff + nonceLen)}; writes the ciphertext and then
     * the 16-byte tag at {@code out[outOff]} and returns {@code inLen + 16}.
     */
    public int seal(byte[] nonce, int nonceOff, int nonceLen, byte[] aad, int aadOff, int aadLen,
            byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        begin(nonce, nonceOff, nonceLen, aad, aadOff, aadLen);
        Regions.check("input", in, inOff, inLen);
        Regions.checkWithExtra("output", out, outOff, inLen, TAG_LENGTH);
        Regions.checkOverlap(in, inOff, inLen, out, outOff);
        try {
            deriveJ0(nonce, nonceOff, nonceLen);
            ghash.reset();
            ghash.absorb(aad, aadOff, aadLen);
            System.arraycopy(j0, 0, counter, 0, Sm4.BLOCK_LENGTH);
            // GCTR from inc32(J0) (SP 800-38D §7.1 step 3), hashing each ciphertext block as it is written (step 5)
            for (int done = 0; done < inLen; done += Sm4.BLOCK_LENGTH) {
                int n = Math.min(Sm4.BLOCK_LENGTH, inLen - done);
                nextKeystreamBlock();
                for (int j = 0; j < n; j++) {
                    out[outOff + done + j] = (byte) (in[inOff + done + j] ^ keystream[j]);
                }
                ghash.absorbBlock(out, outOff + done, n);
            }
            computeTag(aadLen, inLen);
            System.arraycopy(tag, 0, out, outOff + inLen, TAG_LENGTH);
            return inLen + TAG_LENGTH;
        } finally {
            wipeScratch();
        }
    }

    /** The offset-based {@code seal} with the whole of {@code nonce} and {@code aad}. */
    public int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        return seal(nonce, 0, nonce.length, aad, 0, aad.length, in, inOff, inLen, out, outOff);
    }

    /**
     * Verifies and decrypts {@code in[inOff, inOff + inLen)}, a ciphertext followed by its 16-byte tag, with the
     * additional data and nonce given as for {@link #seal}; writes the plaintext at {@code out[outOff]} and returns
     * its length, {@code inLen - 16}.
     *
     * <p>The tag is recomputed over the additional data and the ciphertext and compared in constant time before a
     * single plaintext byte is produced (SP 800-38D §7.2 lists decryption as step 4 and the comparison as step 8; doing
     * the comparison first means a forgery never yields plaintext). On a mismatch, or an input shorter than a tag, a
     * {@link BadCiphertextException} is thrown and the output region is left as it was.
     */
    public int open(byte[] nonce, int nonceOff, int nonceLen, byte[] aad, int aadOff, int aadLen,
            byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        begin(nonce, nonceOff, nonceLen, aad, aadOff, aadLen);
        Regions.check("input", in, inOff, inLen);
        if (inLen < TAG_LENGTH) {
            throw new BadCiphertextException(REJECTED);
        }
        int ctLen = inLen - TAG_LENGTH;
        Regions.check("output", out, outOff, ctLen);
        Regions.checkOverlap(in, inOff, ctLen, out, outOff);
        try {
            deriveJ0(nonce, nonceOff, nonceLen);
            ghash.reset();
            ghash.absorb(aad, aadOff, aadLen);
            ghash.absorb(in, inOff, ctLen);
            computeTag(aadLen, ctLen);
            if (!org.bouncycastle.util.Arrays.constantTimeAreEqual(TAG_LENGTH, tag, 0, in, inOff + ctLen)) {
                throw new BadCiphertextException(REJECTED);
            }
            System.arraycopy(j0, 0, counter, 0, Sm4.BLOCK_LENGTH);
            for (int done = 0; done < ctLen; done += Sm4.BLOCK_LENGTH) {
                int n = Math.min(Sm4.BLOCK_LENGTH, ctLen - done);
                nextKeystreamBlock();
                for (int j = 0; j < n; j++) {
                    out[outOff + done + j] = (byte) (in[inOff + done + j] ^ keystream[j]);
                }
            }
            return ctLen;
        } finally {
            wipeScratch();
        }
    }

    /** The offset-based {@code open} with the whole of {@code nonce} and {@code aad}. */
    public int open(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        return open(nonce, 0, nonce.length, aad, 0, aad.length, in, inOff, inLen, out, outOff);
    }

    /** Wipes the round keys, the GHASH table and H, and the scratch blocks; later calls throw IllegalStateException. */
    @Override
    public void destroy() {
        if (keys.isDestroyed()) {
            return;
        }
        keys.destroy();
        ghash.destroy();
        wipeScratch();
    }

    @Override
    public boolean isDestroyed() {
        return keys.isDestroyed();
    }

    private void begin(byte[] nonce, int nonceOff, int nonceLen, byte[] aad, int aadOff, int aadLen) {
        module.check();
        keys.requireLive(MODE);
        Regions.check("nonce", nonce, nonceOff, nonceLen);
        if (nonceLen == 0) {
            // SP 800-38D §5.2.1.1: len(IV) >= 1; an empty nonce would make J0 a fixed function of H
            throw new IllegalArgumentException("SM4-GCM nonce must not be empty (" + NONCE_LENGTH + " bytes is usual)");
        }
        Regions.check("aad", aad, aadOff, aadLen);
    }

    /**
     * Pre-counter block J0 (SP 800-38D §7.1 step 2): IV ‖ 0^31 ‖ 1 for a 96-bit IV, otherwise
     * GHASH_H(IV ‖ 0^(s+64) ‖ [len(IV)]_64), the zero fill being the padding of the last IV block.
     */
    private void deriveJ0(byte[] nonce, int nonceOff, int nonceLen) {
        if (nonceLen == NONCE_LENGTH) {
            System.arraycopy(nonce, nonceOff, j0, 0, NONCE_LENGTH);
            j0[12] = 0;
            j0[13] = 0;
            j0[14] = 0;
            j0[15] = 1;
        } else {
            ghash.reset();
            ghash.absorb(nonce, nonceOff, nonceLen);
            ghash.absorbLengths(0, nonceLen * 8L);
            ghash.digestInto(j0, 0);
        }
    }

    /** CB_i = inc32(CB_(i-1)) and its keystream block SM4_K(CB_i) (SP 800-38D §6.5). */
    private void nextKeystreamBlock() {
        CounterBlocks.increment32(counter);
        keys.encryptBlock(counter, 0, keystream, 0);
    }

    /** T = GCTR_K(J0, S) with S = GHASH_H(A ‖ pad ‖ C ‖ pad ‖ [len(A)]_64 ‖ [len(C)]_64) (§7.1 steps 5 and 6). */
    private void computeTag(int aadLen, int ctLen) {
        ghash.absorbLengths(aadLen * 8L, ctLen * 8L);
        ghash.digestInto(tag, 0);
        keys.encryptBlock(j0, 0, keystream, 0);
        for (int i = 0; i < TAG_LENGTH; i++) {
            tag[i] ^= keystream[i];
        }
    }

    private void wipeScratch() {
        Arrays.fill(j0, (byte) 0);
        Arrays.fill(counter, (byte) 0);
        Arrays.fill(keystream, (byte) 0);
        Arrays.fill(tag, (byte) 0);
        ghash.reset();
    }
}
