package io.gmgw.crypto.selftest.randomness;

import static io.gmgw.crypto.selftest.randomness.Distributions.igamc;

/**
 * 游程分布检测, the runs distribution test of GM/T 0005-2021 §5.6 (not in SP 800-22). k is the largest i with
 * eᵢ = (n − i + 3) / 2^(i+2) ≥ 5. Runs of ones (bᵢ) and of zeros (gᵢ) are counted by length i = 1 … k, runs longer
 * than k counted as k; with T the total number of runs, a random sequence expects T / 2^(i+1) runs of each value
 * of length i &lt; k and T / 2^k of length ≥ k. V = Σ (bᵢ − eᵢ)²/eᵢ + Σ (gᵢ − eᵢ)²/eᵢ is χ² with 2k − 2 degrees of
 * freedom: P = igamc(k − 1, V/2).
 */
public final class RunsDistributionTest implements RandomnessTest {
    @Override
    public String name() {
        return "runs distribution";
    }

    @Override
    public double pValue(Bits bits) {
        int n = bits.length();
        int k = maxRunLength(n);
        long[] onesRuns = new long[k + 1];
        long[] zerosRuns = new long[k + 1];
        int run = 1;
        for (int i = 1; i <= n; i++) {
            if (i < n && bits.bit(i) == bits.bit(i - 1)) {
                run++;
                continue;
            }
            long[] counts = bits.bit(i - 1) == 1 ? onesRuns : zerosRuns;
            counts[Math.min(run, k)]++;
            run = 1;
        }
        long total = 0;
        for (int i = 1; i <= k; i++) {
            total += onesRuns[i] + zerosRuns[i];
        }
        double v = 0;
        for (int i = 1; i <= k; i++) {
            double expected = i < k ? total / Math.pow(2, i + 1) : total / Math.pow(2, k);
            v += square(onesRuns[i] - expected) / expected + square(zerosRuns[i] - expected) / expected;
        }
        // a sum of squares over positive expectations: rounding cannot make it negative
        return igamc(k - 1, RoundingNoise.nonNegative("runs distribution V", v, 0) / 2);
    }

    /** k: the largest i with (n − i + 3) / 2^(i+2) ≥ 5. */
    static int maxRunLength(int n) {
        int k = 0;
        while ((n - (k + 1) + 3) / Math.pow(2, k + 3) >= 5) {
            k++;
        }
        if (k < 2) {
            throw new IllegalArgumentException("runs distribution test needs a longer sequence than " + n + " bits");
        }
        return k;
    }

    private static double square(double x) {
        return x * x;
    }
}
