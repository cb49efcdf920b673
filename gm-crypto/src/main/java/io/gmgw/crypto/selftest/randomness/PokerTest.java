package io.gmgw.crypto.selftest.randomness;

import static io.gmgw.crypto.selftest.randomness.Distributions.igamc;

/**
 * 扑克检测, the poker test of GM/T 0005-2021 §5.3 (not in SP 800-22): the sequence is cut into N = ⌊n/m⌋
 * non-overlapping m-bit patterns with counts nᵢ; V = (2^m / N) Σ nᵢ² − N is χ² with 2^m − 1 degrees of freedom, so
 * P = igamc((2^m − 1)/2, V/2).
 */
public final class PokerTest implements RandomnessTest {
    private final int m;

    public PokerTest(int m) {
        if (m < 1 || m > 16) {
            throw new IllegalArgumentException("poker test pattern length must be 1..16: " + m);
        }
        this.m = m;
    }

    @Override
    public String name() {
        return "poker m=" + m;
    }

    @Override
    public double pValue(Bits bits) {
        int patterns = 1 << m;
        int n = bits.length() / m;
        long[] counts = new long[patterns];
        for (int i = 0; i < n; i++) {
            int pattern = 0;
            for (int j = 0; j < m; j++) {
                pattern = (pattern << 1) | bits.bit(i * m + j);
            }
            counts[pattern]++;
        }
        double sumOfSquares = 0;
        for (long c : counts) {
            sumOfSquares += (double) c * c;
        }
        // (2^m / N) Σnᵢ² ≥ N by the Cauchy–Schwarz inequality, with equality when every pattern occurs N / 2^m times
        double scaled = patterns * sumOfSquares / n;
        double v = RoundingNoise.nonNegative("poker V", scaled - n, scaled);
        return igamc((patterns - 1) / 2.0, v / 2);
    }
}
