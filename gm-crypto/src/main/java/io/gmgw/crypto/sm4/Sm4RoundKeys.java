package io.gmgw.crypto.sm4;

import io.gmgw.crypto.core.InvalidKeyMaterialException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The expanded SM4 key (GB/T 32907-2016 §7.3, key expansion) and the block cipher over it (§6 and §7.1): the forward
 * round keys, the inverse ones (the same words in reverse order) or both, as the mode object needs (CTR and GCM only
 * run SM4 forwards; a CBC object that only encrypts or only decrypts, as each direction of a record layer does, expands
 * one). One per mode object; not thread-safe.
 *
 * <p>The round keys live in arrays this class owns, so that {@link #destroy()} can zero them in place. Bouncy Castle's
 * {@code SM4Engine} keeps them in a private array that only deep reflection reaches, which a named module (Bouncy
 * Castle on the module path, as in a jlink image) refuses, and re-keying it leaves the old array to the collector.
 * The block function is the standard's, word for word: 32 rounds of X(i+4) = X(i) ^ T(X(i+1) ^ X(i+2) ^ X(i+3) ^
 * rk(i)), with T the S-box on each byte followed by L; its working words are locals, not fields, so nothing of a block
 * outlives the call. Cross-checked against Bouncy Castle's SM4 and the official vectors by the tests.
 */
final class Sm4RoundKeys {
    /** The S-box τ of GB/T 32907-2016 §6.2, indexed by the input byte. */
    private static final byte[] SBOX = sbox(
            "d690e9fecce13db716b614c228fb2c05", "2b679a762abe04c3aa44132649860699",
            "9c4250f491ef987a33540b43edcfac62", "e4b31ca9c908e89580df94fa758f3fa6",
            "4707a7fcf37317ba83593c19e6854fa8", "686b81b27164da8bf8eb0f4b70569d35",
            "1e240e5e6358d1a225227c3b01217887", "d40046579fd327524c3602e7a0c4c89e",
            "eabf8ad240c738b5a3f7f2cef96115a1", "e0ae5da49b341a55ad933230f58cb1e3",
            "1df6e22e8266ca60c02923ab0d534e6f", "d5db3745defd8e2f03ff6a726d6c5b51",
            "8d1baf92bbddbc7f11d95c411f105ad8", "0ac13188a5cd7bbd2d74d012b8e5b4b0",
            "8969974a0c96777e65b9f109c56ec684", "18f07dec3adc4d2079ee5f3ed7cb3948");
    /** The system parameter FK of §7.3. */
    private static final int[] FK = {0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc};
    private static final int ROUNDS = 32;

    /** rk(0) .. rk(31), or null when this object does not encrypt. */
    private final int[] forward;
    /** rk(31) .. rk(0), or null when this object does not decrypt. */
    private final int[] inverse;
    private boolean destroyed;

    private Sm4RoundKeys(byte[] key, boolean encrypt, boolean decrypt) {
        requireValidKey(key);
        int[] rk = expand(key);
        forward = encrypt ? rk : null;
        if (decrypt) {
            inverse = new int[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                inverse[i] = rk[ROUNDS - 1 - i];
            }
            if (!encrypt) {
                Arrays.fill(rk, 0);
            }
        } else {
            inverse = null;
        }
    }

    /** Forward cipher only: CTR and GCM never run SM4 backwards. */
    static Sm4RoundKeys forwardOnly(byte[] key) {
        return new Sm4RoundKeys(key, true, false);
    }

    /** Inverse cipher only, for a CBC object that only decrypts. */
    static Sm4RoundKeys inverseOnly(byte[] key) {
        return new Sm4RoundKeys(key, false, true);
    }

    /** Forward and inverse cipher, for ECB and CBC. */
    static Sm4RoundKeys bothDirections(byte[] key) {
        return new Sm4RoundKeys(key, true, true);
    }

    boolean canEncrypt() {
        return forward != null;
    }

    boolean canDecrypt() {
        return inverse != null;
    }

    static void requireValidKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != Sm4.KEY_LENGTH) {
            throw new InvalidKeyMaterialException("an SM4 key is exactly " + Sm4.KEY_LENGTH + " bytes (128 bits), got "
                    + key.length + " bytes");
        }
    }

    void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        crypt(forward, in, inOff, out, outOff);
    }

    void decryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        crypt(inverse, in, inOff, out, outOff);
    }

    /** Throws unless the keys are still there; {@code mode} names the object in the message. */
    void requireLive(String mode) {
        if (destroyed) {
            throw new IllegalStateException(mode + " key has been destroyed; create a new " + mode + " object");
        }
    }

    boolean isDestroyed() {
        return destroyed;
    }

    /** Zeroes the round keys in place, in every array that holds them. */
    void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        if (forward != null) {
            Arrays.fill(forward, 0);
        }
        if (inverse != null) {
            Arrays.fill(inverse, 0);
        }
    }

    /** The arrays holding round keys, for the test that proves {@link #destroy()} zeroes them. */
    java.util.List<int[]> roundKeyArrays() {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        if (forward != null) {
            out.add(forward);
        }
        if (inverse != null) {
            out.add(inverse);
        }
        return out;
    }

    /** §7.3: K(i) = MK(i) ^ FK(i); rk(i) = K(i+4) = K(i) ^ T'(K(i+1) ^ K(i+2) ^ K(i+3) ^ CK(i)). */
    private static int[] expand(byte[] key) {
        int k0 = word(key, 0) ^ FK[0];
        int k1 = word(key, 4) ^ FK[1];
        int k2 = word(key, 8) ^ FK[2];
        int k3 = word(key, 12) ^ FK[3];
        int[] rk = new int[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            int next = k0 ^ keyT(k1 ^ k2 ^ k3 ^ ck(i));
            rk[i] = next;
            k0 = k1;
            k1 = k2;
            k2 = k3;
            k3 = next;
        }
        return rk;
    }

    /** §7.1: the 32 rounds and the reverse transformation R; the working words are locals. */
    private static void crypt(int[] rk, byte[] in, int inOff, byte[] out, int outOff) {
        int x0 = word(in, inOff);
        int x1 = word(in, inOff + 4);
        int x2 = word(in, inOff + 8);
        int x3 = word(in, inOff + 12);
        for (int i = 0; i < ROUNDS; i += 4) {
            x0 ^= t(x1 ^ x2 ^ x3 ^ rk[i]);
            x1 ^= t(x2 ^ x3 ^ x0 ^ rk[i + 1]);
            x2 ^= t(x3 ^ x0 ^ x1 ^ rk[i + 2]);
            x3 ^= t(x0 ^ x1 ^ x2 ^ rk[i + 3]);
        }
        putWord(x3, out, outOff);
        putWord(x2, out, outOff + 4);
        putWord(x1, out, outOff + 8);
        putWord(x0, out, outOff + 12);
    }

    /** τ: the S-box on each byte of a word (§6.2). */
    private static int tau(int a) {
        return (SBOX[a >>> 24] & 0xff) << 24 | (SBOX[(a >>> 16) & 0xff] & 0xff) << 16
                | (SBOX[(a >>> 8) & 0xff] & 0xff) << 8 | (SBOX[a & 0xff] & 0xff);
    }

    /** T = L(τ(.)) of the rounds, L(B) = B ^ (B <<< 2) ^ (B <<< 10) ^ (B <<< 18) ^ (B <<< 24) (§6.2). */
    private static int t(int a) {
        int b = tau(a);
        return b ^ Integer.rotateLeft(b, 2) ^ Integer.rotateLeft(b, 10) ^ Integer.rotateLeft(b, 18)
                ^ Integer.rotateLeft(b, 24);
    }

    /** T' = L'(τ(.)) of the key expansion, L'(B) = B ^ (B <<< 13) ^ (B <<< 23) (§7.3). */
    private static int keyT(int a) {
        int b = tau(a);
        return b ^ Integer.rotateLeft(b, 13) ^ Integer.rotateLeft(b, 23);
    }

    /** CK(i): bytes ck(i, j) = (4i + j) * 7 mod 256, j = 0..3 (§7.3). */
    private static int ck(int i) {
        int w = 0;
        for (int j = 0; j < 4; j++) {
            w = (w << 8) | (((4 * i + j) * 7) & 0xff);
        }
        return w;
    }

    private static int word(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    private static void putWord(int w, byte[] b, int off) {
        b[off] = (byte) (w >>> 24);
        b[off + 1] = (byte) (w >>> 16);
        b[off + 2] = (byte) (w >>> 8);
        b[off + 3] = (byte) w;
    }

    private static byte[] sbox(String... rows) {
        byte[] s = HexFormat.of().parseHex(String.join("", rows));
        if (s.length != 256) {
            throw new ExceptionInInitializerError("the SM4 S-box has 256 entries");
        }
        return s;
    }
}
