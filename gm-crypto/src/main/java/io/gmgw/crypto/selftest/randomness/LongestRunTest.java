package io.gmgw.crypto.selftest.randomness;

import static io.gmgw.crypto.selftest.randomness.Distributions.igamc;

/**
 * 块内最大游程检测, the test for the longest run in a block: GM/T 0005-2021 §5.7 (which runs it on the runs of ones
 * and on the runs of zeros), SP 800-22 §2.4 (runs of ones). The sequence is cut into N = ⌊n/M⌋ blocks; each block's
 * longest run is sorted into K + 1 classes with the probabilities πᵢ of SP 800-22 §3.4 (to four decimals, as
 * there); χ² = Σ (νᵢ − Nπᵢ)² / (Nπᵢ) and P = igamc(K/2, χ²/2).
 */
public final class LongestRunTest implements RandomnessTest {
    /** Classes for one block length: ≤ lowest, lowest + 1, …, ≥ highest. */
    private record Classes(int lowest, int highest, double[] probabilities) {
    }

    private static Classes classesFor(int m) {
        return switch (m) {
            case 8 -> new Classes(1, 4, new double[] {0.2148, 0.3672, 0.2305, 0.1875});
            case 128 -> new Classes(4, 9, new double[] {0.1174, 0.2430, 0.2493, 0.1752, 0.1027, 0.1124});
            case 10_000 -> new Classes(10, 16,
                    new double[] {0.0882, 0.2092, 0.2483, 0.1933, 0.1208, 0.0675, 0.0727});
            default -> throw new IllegalArgumentException("longest-run test is defined for M = 8, 128, 10000: " + m);
        };
    }

    private final int m;
    private final int value;
    private final Classes classes;

    /**
     * @param m    block length M: 8, 128 or 10,000
     * @param ones true for runs of ones, false for runs of zeros
     */
    public LongestRunTest(int m, boolean ones) {
        this.m = m;
        this.value = ones ? 1 : 0;
        this.classes = classesFor(m);
    }

    @Override
    public String name() {
        return "longest run of " + (value == 1 ? "ones" : "zeros") + " m=" + m;
    }

    @Override
    public double pValue(Bits bits) {
        int blocks = bits.length() / m;
        double[] pi = classes.probabilities();
        long[] observed = new long[pi.length];
        for (int b = 0; b < blocks; b++) {
            int longest = 0;
            int run = 0;
            for (int j = 0; j < m; j++) {
                run = bits.bit(b * m + j) == value ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
            int cls = Math.clamp(longest, classes.lowest(), classes.highest()) - classes.lowest();
            observed[cls]++;
        }
        double chiSquared = 0;
        for (int i = 0; i < pi.length; i++) {
            double expected = blocks * pi[i];
            chiSquared += (observed[i] - expected) * (observed[i] - expected) / expected;
        }
        // a sum of squares over positive expectations: rounding cannot make it negative
        return igamc((pi.length - 1) / 2.0, RoundingNoise.nonNegative("longest run chi^2", chiSquared, 0) / 2);
    }
}
