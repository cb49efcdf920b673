package io.gmgw.crypto.sm4;

import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.core.ModuleContext;
import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.paddings.PKCS7Padding;

/**
 * SM4 in cipher block chaining mode (NIST SP 800-38A §6.2), without padding or with PKCS#7 padding (RFC 5652 §6.3).
 *
 * <p>Keyed once and reused; each call takes its own 16-byte IV, allocates nothing, and may work in place (or write
 * its output before its input in the same array, e.g. over a record's explicit IV). Not thread-safe.
 *
 * <p>TLCP and ESP records carry their own padding formats (RFC 5246 §6.2.3.2, RFC 4303 §2.4) and use the unpadded
 * {@link #encrypt}/{@link #decrypt}; PKCS#7 is for envelopes and files.
 */
public final class Sm4Cbc implements Destroyable {
    private static final String MODE = "SM4-CBC";
    /** One message for every rejected PKCS#7 ciphertext, so that callers cannot become padding oracles. */
    private static final String REJECTED = "SM4-CBC ciphertext rejected";

    private final ModuleContext module;
    private final Sm4RoundKeys keys;
    private final PKCS7Padding padding = new PKCS7Padding();
    /** The previous ciphertext block (the IV at first). */
    private final byte[] chain = new byte[Sm4.BLOCK_LENGTH];
    /** The current ciphertext block while decrypting, kept because in-place output overwrites it. */
    private final byte[] saved = new byte[Sm4.BLOCK_LENGTH];
    private final byte[] block = new byte[Sm4.BLOCK_LENGTH];

    Sm4Cbc(ModuleContext module, Sm4RoundKeys keys) {
        this.module = module;
        this.keys = keys;
    }

    /**
     * Encrypts {@code len} bytes (a multiple of 16) from {@code in[inOff]} into {@code out[outOff]} under the IV at
     * {@code iv[ivOff]}; returns {@code len}.
     */
    public int encrypt(byte[] iv, int ivOff, byte[] in, int inOff, int len, byte[] out, int outOff) {
        begin(true, iv, ivOff, in, inOff, len, out, outOff, len);
        Regions.checkBlockMultiple(MODE, len);
        try {
            encryptBlocks(iv, ivOff, in, inOff, len, out, outOff);
            return len;
        } finally {
            wipeScratch();
        }
    }

    /**
     * Decrypts {@code len} bytes (a multiple of 16) from {@code in[inOff]} into {@code out[outOff]} under the IV at
     * {@code iv[ivOff]}; returns {@code len}.
     */
    public int decrypt(byte[] iv, int ivOff, byte[] in, int inOff, int len, byte[] out, int outOff) {
        begin(false, iv, ivOff, in, inOff, len, out, outOff, len);
        Regions.checkBlockMultiple(MODE, len);
        try {
            decryptBlocks(iv, ivOff, in, inOff, len, out, outOff);
            return len;
        } finally {
            wipeScratch();
        }
    }

    /**
     * Pads {@code in[inOff, inOff + len)} with PKCS#7 (1 to 16 bytes, each holding the pad length) and encrypts it
     * into {@code out[outOff]}, which needs room for the padded length; returns that length, {@code len - len % 16 +
     * 16}.
     */
    public int encryptPkcs7(byte[] iv, int ivOff, byte[] in, int inOff, int len, byte[] out, int outOff) {
        int full = len - len % Sm4.BLOCK_LENGTH;
        int rest = len - full;
        begin(true, iv, ivOff, in, inOff, len, out, outOff, 0);
        Regions.checkWithExtra("output", out, outOff, full, Sm4.BLOCK_LENGTH);
        try {
            encryptBlocks(iv, ivOff, in, inOff, full, out, outOff);
            // chain now holds the last ciphertext block (or the IV): finish with the padded tail
            System.arraycopy(in, inOff + full, block, 0, rest);
            padding.addPadding(block, rest);
            xorInto(chain, block);
            keys.encryptBlock(chain, 0, out, outOff + full);
            return full + Sm4.BLOCK_LENGTH;
        } finally {
            wipeScratch();
        }
    }

    /**
     * Decrypts {@code len} bytes from {@code in[inOff]} under the IV at {@code iv[ivOff]}, checks and strips the
     * PKCS#7 padding, and writes the plaintext at {@code out[outOff]}; returns its length. The output needs room for
     * {@code len - 1} bytes. The padding is checked without branching on its bytes. On any failure (a length that is
     * not a positive multiple of 16, or bad padding) the output region is zeroed and a {@link BadCiphertextException}
     * with one fixed message is thrown.
     */
    public int decryptPkcs7(byte[] iv, int ivOff, byte[] in, int inOff, int len, byte[] out, int outOff) {
        int body = len - Sm4.BLOCK_LENGTH;
        begin(false, iv, ivOff, in, inOff, len, out, outOff, 0);
        if (len == 0 || len % Sm4.BLOCK_LENGTH != 0) {
            throw new BadCiphertextException(REJECTED);
        }
        Regions.checkWithExtra("output", out, outOff, body, Sm4.BLOCK_LENGTH - 1);
        try {
            decryptBlocks(iv, ivOff, in, inOff, body, out, outOff);
            // the last block is decrypted into scratch, so that only unpadded plaintext ever reaches the output
            keys.decryptBlock(in, inOff + body, block, 0);
            xorInto(block, chain);
            int padLength;
            try {
                padLength = padding.padCount(block);
            } catch (InvalidCipherTextException e) {
                Arrays.fill(out, outOff, outOff + body, (byte) 0);
                throw new BadCiphertextException(REJECTED);
            }
            int tail = Sm4.BLOCK_LENGTH - padLength;
            System.arraycopy(block, 0, out, outOff + body, tail);
            return body + tail;
        } finally {
            wipeScratch();
        }
    }

    /** Wipes the round keys and scratch blocks; every later call throws {@link IllegalStateException}. */
    @Override
    public void destroy() {
        keys.destroy();
        wipeScratch();
    }

    @Override
    public boolean isDestroyed() {
        return keys.isDestroyed();
    }

    private void begin(boolean encrypting, byte[] iv, int ivOff, byte[] in, int inOff, int len, byte[] out, int outOff,
            int outLen) {
        module.check();
        keys.requireLive(MODE);
        if (encrypting ? !keys.canEncrypt() : !keys.canDecrypt()) {
            throw new IllegalStateException("this " + MODE + " object was keyed to " + (encrypting ? "decrypt" : "encrypt")
                    + " only; make one with Sm4." + (encrypting ? "cbcEncryptor" : "cbcDecryptor") + " or Sm4.cbc");
        }
        Regions.check("iv", iv, ivOff, Sm4.BLOCK_LENGTH);
        Regions.check("input", in, inOff, len);
        Regions.check("output", out, outOff, outLen);
        Regions.checkOverlap(in, inOff, len, out, outOff);
    }

    /** C_i = E(P_i xor C_(i-1)), C_0 = IV (SP 800-38A §6.2); leaves the last C_i in {@link #chain}. */
    private void encryptBlocks(byte[] iv, int ivOff, byte[] in, int inOff, int len, byte[] out, int outOff) {
        System.arraycopy(iv, ivOff, chain, 0, Sm4.BLOCK_LENGTH);
        for (int i = 0; i < len; i += Sm4.BLOCK_LENGTH) {
            for (int j = 0; j < Sm4.BLOCK_LENGTH; j++) {
                chain[j] ^= in[inOff + i + j];
            }
            keys.encryptBlock(chain, 0, chain, 0);
            System.arraycopy(chain, 0, out, outOff + i, Sm4.BLOCK_LENGTH);
        }
    }

    /** P_i = D(C_i) xor C_(i-1) (SP 800-38A §6.2); leaves the last C_i in {@link #chain}. */
    private void decryptBlocks(byte[] iv, int ivOff, byte[] in, int inOff, int len, byte[] out, int outOff) {
        System.arraycopy(iv, ivOff, chain, 0, Sm4.BLOCK_LENGTH);
        for (int i = 0; i < len; i += Sm4.BLOCK_LENGTH) {
            System.arraycopy(in, inOff + i, saved, 0, Sm4.BLOCK_LENGTH);
            keys.decryptBlock(saved, 0, block, 0);
            for (int j = 0; j < Sm4.BLOCK_LENGTH; j++) {
                out[outOff + i + j] = (byte) (block[j] ^ chain[j]);
            }
            System.arraycopy(saved, 0, chain, 0, Sm4.BLOCK_LENGTH);
        }
    }

    private static void xorInto(byte[] target, byte[] source) {
        for (int j = 0; j < Sm4.BLOCK_LENGTH; j++) {
            target[j] ^= source[j];
        }
    }

    private void wipeScratch() {
        Arrays.fill(chain, (byte) 0);
        Arrays.fill(saved, (byte) 0);
        Arrays.fill(block, (byte) 0);
    }
}
