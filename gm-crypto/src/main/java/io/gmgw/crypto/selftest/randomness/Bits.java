package io.gmgw.crypto.selftest.randomness;

import java.util.Objects;

/** A binary sequence ε₀ε₁…εₙ₋₁ under test, one bit per element; bytes are read most significant bit first. */
public final class Bits {
    private final byte[] bits;

    private Bits(byte[] bits) {
        this.bits = bits;
    }

    /** The bits of {@code data[offset … offset + length)}, most significant bit of each byte first. */
    public static Bits fromBytes(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        byte[] bits = new byte[8 * length];
        for (int i = 0; i < length; i++) {
            int b = data[offset + i];
            for (int j = 0; j < 8; j++) {
                bits[8 * i + j] = (byte) ((b >>> (7 - j)) & 1);
            }
        }
        return new Bits(bits);
    }

    public static Bits fromBytes(byte[] data) {
        return fromBytes(data, 0, data.length);
    }

    /** A sequence written as '0' and '1' characters; whitespace is ignored. */
    public static Bits parse(CharSequence zerosAndOnes) {
        byte[] bits = new byte[zerosAndOnes.length()];
        int n = 0;
        for (int i = 0; i < zerosAndOnes.length(); i++) {
            char c = zerosAndOnes.charAt(i);
            if (c == '0' || c == '1') {
                bits[n++] = (byte) (c - '0');
            } else if (!Character.isWhitespace(c)) {
                throw new IllegalArgumentException("not a bit: '" + c + "' at " + i);
            }
        }
        return new Bits(java.util.Arrays.copyOf(bits, n));
    }

    /** A sequence from a bit array already in 0/1 form (taken over, not copied). */
    static Bits wrap(byte[] zeroOrOne) {
        return new Bits(zeroOrOne);
    }

    public int length() {
        return bits.length;
    }

    /** εᵢ, 0 or 1. */
    public int bit(int i) {
        return bits[i];
    }

    /** A copy of the bits, one per element. */
    byte[] toArray() {
        return bits.clone();
    }

    /** The number of ones. */
    public int ones() {
        int ones = 0;
        for (byte b : bits) {
            ones += b;
        }
        return ones;
    }

    /**
     * How often each k-bit pattern occurs among the n overlapping windows of the sequence, read cyclically (the first
     * k − 1 bits appended at the end), as the serial and approximate entropy tests count them (SP 800-22 §2.11.4,
     * §2.12.4; GM/T 0005-2021 serial and approximate entropy tests). Index = the pattern read as a k-bit number.
     */
    long[] cyclicPatternCounts(int k) {
        int n = bits.length;
        long[] counts = new long[1 << k];
        int mask = (1 << k) - 1;
        int pattern = 0;
        for (int j = 0; j < k; j++) {
            pattern = (pattern << 1) | bits[j % n];
        }
        for (int i = 0; i < n; i++) {
            counts[pattern]++;
            pattern = ((pattern << 1) | bits[(i + k) % n]) & mask;
        }
        return counts;
    }
}
