package io.gmgw.crypto.selftest.randomness;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Bit sequences built so that one statistic of the battery is exactly zero: each construction says why. They are
 * built from their definition, not searched for, so each test stands on its own.
 */
public final class ConstructedSequences {
    private ConstructedSequences() {
    }

    /**
     * A de Bruijn sequence of order k, read cyclically: every k-bit pattern occurs exactly once among its 2^k cyclic
     * windows. Built by the "prefer one" rule (start with k zeros, append 1 unless that repeats a window, else 0), whose
     * first 2^k bits are such a sequence; {@link #assertEveryPatternOnce} checks it.
     */
    static String deBruijn(int k) {
        StringBuilder s = new StringBuilder("0".repeat(k));
        Set<String> seen = new HashSet<>(Set.of(s.toString()));
        while (s.length() < (1 << k) + k - 1) {
            String tail = s.substring(s.length() - k + 1);
            if (seen.add(tail + "1")) {
                s.append('1');
            } else if (seen.add(tail + "0")) {
                s.append('0');
            } else {
                throw new AssertionError("prefer-one rule stuck at " + s.length());
            }
        }
        String cycle = s.substring(0, 1 << k);
        assertEveryPatternOnce(cycle, k);
        return cycle;
    }

    /** Fails unless each k-bit pattern occurs exactly once among the cyclic windows of {@code cycle}. */
    static void assertEveryPatternOnce(String cycle, int k) {
        long[] counts = Bits.parse(cycle).cyclicPatternCounts(k);
        for (int p = 0; p < counts.length; p++) {
            if (counts[p] != 1) {
                throw new AssertionError("pattern " + p + " occurs " + counts[p] + " times in " + cycle);
            }
        }
    }

    /** {@code unit} repeated to {@code n} bits ({@code n} a multiple of its length). */
    static Bits repeated(String unit, int n) {
        if (n % unit.length() != 0) {
            throw new IllegalArgumentException(n + " is not a multiple of " + unit.length());
        }
        return Bits.parse(unit.repeat(n / unit.length()));
    }

    /**
     * A cyclic sequence whose counts of 3-bit patterns are not all equal but whose ∇²ψ²₃ is 0, and on which the
     * serial test's ψ² arithmetic rounds ∇²ψ²₃ below zero (to −3.6e-12) — the failure seen at power-on.
     *
     * <p>Construction. With d(ab) = c(ab0) − c(ab1), ∇²ψ²₃ = (2/n)[(d(00) − d(10))² + (d(01) − d(11))²] (see
     * {@link SerialTest}), so it is 0 when d(00) = d(10) and d(01) = d(11). The sequence is a concatenation of words
     * that each end in 00. Count each 3-bit window at the bit where it ends: the two bits before a word are 00 whatever
     * word precedes it (the sequence is read cyclically), as they are in the word's own cyclic reading, so each word
     * contributes the windows of its own cyclic reading and the counts add up:
     * <ul>
     *   <li>{@code 0} (windows 000): d = (d00, d10, d01, d11) = (1, 0, 0, 0), a words;</li>
     *   <li>{@code 100} (100, 001, 010): (−1, 1, 1, 0), b words;</li>
     *   <li>{@code 11100} (111, 110, 100, 001, 011): (−1, 1, −1, 0), e words;</li>
     *   <li>{@code 01011100}, a de Bruijn sequence of order 3 (every window once): (0, 0, 0, 0), k words.</li>
     * </ul>
     * d00 = a − b − e, d10 = b + e, d01 = b − e, d11 = 0: equal in pairs when a = 2(b + e) and b = e. With e = 590:
     * b = 590, a = 2360, and k = 1615 de Bruijn words fill 20,000 bits (2360 + 3·590 + 5·590 + 8·1615). Then
     * d00 = d10 = 1180 and d01 = d11 = 0, so ∇ψ²₃ = (4/n)·2·1180² ≠ 0 while ∇²ψ²₃ = 0.
     */
    public static Bits serialSecondDifferenceZero() {
        int e = 590;
        int b = e;
        int a = 2 * (b + e);
        int k = 1615;
        String s = "0".repeat(a) + "100".repeat(b) + "11100".repeat(e) + "01011100".repeat(k);
        if (s.length() != Gmt0005Battery.SAMPLE_BITS) {
            throw new AssertionError(s.length());
        }
        return Bits.parse(s);
    }

    /**
     * Runs whose counts match the runs distribution test's expectations exactly, for n = 20,000 (k = 9): with T =
     * 9,728 runs, T/2^(i+1) runs of ones and as many of zeros of each length i = 1…8 (2432, 1216, 608, 304, 152, 76,
     * 38, 19) and T/2^9 = 19 of each value longer than 8. Those of length 1…8 take 9,538 bits per value; the 19 long
     * runs of each value take the remaining 462 bits (6 of 25 and 13 of 24). Ones and zeros alternate.
     */
    static Bits runsAsExpected() {
        int total = 9728;
        List<Integer> lengths = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            for (int j = 0; j < total >> (i + 1); j++) {
                lengths.add(i);
            }
        }
        for (int j = 0; j < 19; j++) {
            lengths.add(j < 6 ? 25 : 24);
        }
        StringBuilder s = new StringBuilder();
        for (int length : lengths) {
            s.append("1".repeat(length)).append("0".repeat(length));
        }
        return Bits.parse(s);
    }

    /**
     * 10,000 blocks of 128 bits whose longest runs of {@code value} fall into the six classes of
     * {@link LongestRunTest} (≤ 4, 5, 6, 7, 8, ≥ 9) exactly 10,000·πᵢ times: 1174, 2430, 2493, 1752, 1027 and 1124
     * blocks. A block with longest run L is L copies of the value, one of the other, then the two alternating
     * (runs of one) to 128 bits. Not possible with the battery's 156 blocks: 156·πᵢ are not integers.
     */
    static Bits longestRunsAsExpected(int value) {
        int[] longest = {4, 5, 6, 7, 8, 9};
        int[] blocks = {1174, 2430, 2493, 1752, 1027, 1124};
        char v = value == 1 ? '1' : '0';
        char w = value == 1 ? '0' : '1';
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < longest.length; c++) {
            StringBuilder block = new StringBuilder();
            block.append(String.valueOf(v).repeat(longest[c])).append(w);
            while (block.length() < 128) {
                block.append(block.length() % 2 == 0 ? v : w);
            }
            s.append(block.toString().repeat(blocks[c]));
        }
        return Bits.parse(s);
    }

    /**
     * A sequence whose k-th binary derivative is {@code 01} repeated (as many ones as zeros): {@code n − k} bits of
     * it, integrated k times (the inverse of one derivation, εᵢ₊₁ = εᵢ ⊕ εᵢ', starting from 0).
     */
    static Bits derivativeBalanced(int n, int k) {
        byte[] e = new byte[n - k];
        for (int i = 0; i < e.length; i++) {
            e[i] = (byte) (i % 2);
        }
        for (int pass = 0; pass < k; pass++) {
            byte[] integrated = new byte[e.length + 1];
            for (int i = 0; i < e.length; i++) {
                integrated[i + 1] = (byte) (integrated[i] ^ e[i]);
            }
            e = integrated;
        }
        return Bits.wrap(e);
    }

    /**
     * n bits with εᵢ ⊕ εᵢ₊d = 1 for exactly half of the n − d positions (n − d even): δᵢ = i mod 2 chosen, then
     * εᵢ₊d = εᵢ ⊕ δᵢ from d leading zeros.
     */
    static Bits autocorrelationBalanced(int n, int d) {
        byte[] e = new byte[n];
        for (int i = 0; i + d < n; i++) {
            e[i + d] = (byte) (e[i] ^ (i % 2));
        }
        return Bits.wrap(e);
    }
}
