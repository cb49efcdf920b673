package io.gmgw.interop;

/**
 * Chooses a 16-byte GCM nonce that yields a wanted pre-counter block J0, so that a test can start GCM's 32-bit counter
 * just below its wrap; a random nonce gets there with a chance of about 2^-32 per block.
 *
 * <p>For a nonce IV that is not 96 bits, J0 = GHASH_H(IV ‖ 0^(s+64) ‖ [len(IV)]_64) (NIST SP 800-38D §7.1 step 2).
 * With a 16-byte IV, s = 0 and the hash runs over two blocks, IV and L = 0^64 ‖ [128]_64, so J0 = IV·H² ⊕ L·H: linear
 * in IV. Hence IV = (J0 ⊕ L·H)·(H²)^-1. The field arithmetic is the bitwise multiplication of §6.3 (Algorithm 1),
 * written here rather than borrowed from an implementation under test; the tests verify the result against the
 * counter blocks anyway.
 */
final class GcmPreCounter {
    private static final int BLOCK = 16;
    /** The block L = 0^64 ‖ [128]_64 that ends the GHASH input of a 16-byte IV. */
    private static final byte[] LENGTH_BLOCK_OF_16_BYTE_NONCE = lengthBlock(128);

    private GcmPreCounter() {
    }

    /** The 16-byte nonce whose J0 under the hash subkey {@code h} = E_K(0^128) is {@code j0}. */
    static byte[] nonceFor(byte[] h, byte[] j0) {
        byte[] hh = multiply(h, h);
        byte[] target = xor(j0, multiply(LENGTH_BLOCK_OF_16_BYTE_NONCE, h));
        return multiply(target, inverse(hh));
    }

    /** J0 of a 16-byte {@code nonce} under {@code h}: GHASH_H(nonce ‖ L) by the definition, for checking. */
    static byte[] j0Of(byte[] h, byte[] nonce) {
        byte[] y = multiply(nonce, h);
        return multiply(xor(y, LENGTH_BLOCK_OF_16_BYTE_NONCE), h);
    }

    /**
     * X · Y in GF(2^128) as SP 800-38D §6.3 defines it: bit 0 is the most significant bit of byte 0, and the reduction
     * constant is R = 11100001 ‖ 0^120.
     */
    static byte[] multiply(byte[] x, byte[] y) {
        byte[] z = new byte[BLOCK];
        byte[] v = y.clone();
        for (int i = 0; i < 128; i++) {
            if ((x[i / 8] >> (7 - i % 8) & 1) != 0) {
                for (int j = 0; j < BLOCK; j++) {
                    z[j] ^= v[j];
                }
            }
            boolean lsb = (v[BLOCK - 1] & 1) != 0;
            for (int j = BLOCK - 1; j > 0; j--) {
                v[j] = (byte) ((v[j] & 0xff) >>> 1 | (v[j - 1] & 1) << 7);
            }
            v[0] = (byte) ((v[0] & 0xff) >>> 1);
            if (lsb) {
                v[0] ^= (byte) 0xe1;
            }
        }
        return z;
    }

    /** X^-1 = X^(2^128 - 2), the multiplicative group having order 2^128 - 1; X must not be zero. */
    static byte[] inverse(byte[] x) {
        byte[] r = new byte[BLOCK];
        r[0] = (byte) 0x80; // the field's 1: only bit 0 set
        // 2^128 - 2 is 127 one bits then a zero bit: square, and multiply by X for each one bit
        for (int i = 0; i < 128; i++) {
            r = multiply(r, r);
            if (i < 127) {
                r = multiply(r, x);
            }
        }
        return r;
    }

    private static byte[] lengthBlock(long ivBits) {
        byte[] l = new byte[BLOCK];
        for (int i = 0; i < 8; i++) {
            l[8 + i] = (byte) (ivBits >>> (56 - 8 * i));
        }
        return l;
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
