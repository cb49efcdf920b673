package io.gmgw.interop;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Last plaintext blocks for checking how peers judge PKCS#7 padding (RFC 5652 §6.3) on CBC decryption: the suites
 * encrypt a block without padding, decrypt it with padding on both sides, and compare each side's verdict with
 * {@link #validPadLength}, the rule read straight from the RFC.
 */
final class Pkcs7LastBlocks {
    static final int BLOCK = 16;

    /** A crafted last block and what it is, for assertion messages. */
    record LastBlock(String what, byte[] block) {
        String describe() {
            return what + " (" + HexFormat.of().formatHex(block) + ")";
        }

        /** {@code body} (whole blocks) followed by this block: a plaintext to encrypt without padding. */
        byte[] after(byte[] body) {
            byte[] out = Arrays.copyOf(body, body.length + BLOCK);
            System.arraycopy(block, 0, out, body.length, BLOCK);
            return out;
        }
    }

    private Pkcs7LastBlocks() {
    }

    /**
     * A random block whose last byte is {@code value} and whose last {@code min(value, 16)} bytes all hold it: valid
     * padding for 1 to 16, and for 0 or more than 16 a value that no check should take as a length.
     */
    static LastBlock consistent(RandomCases cases, int value) {
        byte[] block = cases.bytes(BLOCK);
        for (int i = BLOCK - Math.max(1, Math.min(value, BLOCK)); i < BLOCK; i++) {
            block[i] = (byte) value;
        }
        return new LastBlock("last byte " + value + ", repeated", block);
    }

    /**
     * {@link #consistent} padding of length {@code value} (2 to 16) with the byte at {@code at}, one of the other pad
     * bytes, changed: a check that skips some pad bytes accepts it.
     */
    static LastBlock mismatched(RandomCases cases, int value, int at) {
        if (value < 2 || value > BLOCK || at < BLOCK - value || at >= BLOCK - 1) {
            throw new IllegalArgumentException("no pad byte other than the last at " + at + " for length " + value);
        }
        byte[] block = consistent(cases, value).block();
        block[at] ^= 0x01;
        return new LastBlock("last byte " + value + ", pad byte " + at + " differs", block);
    }

    /** The pad length that RFC 5652 §6.3 strips from a last block ending in {@code block}, or -1 if it is invalid. */
    static int validPadLength(byte[] block) {
        int n = block[BLOCK - 1] & 0xff;
        if (n < 1 || n > BLOCK) {
            return -1;
        }
        for (int i = BLOCK - n; i < BLOCK; i++) {
            if ((block[i] & 0xff) != n) {
                return -1;
            }
        }
        return n;
    }
}
