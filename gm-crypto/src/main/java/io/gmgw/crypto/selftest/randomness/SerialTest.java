package io.gmgw.crypto.selftest.randomness;

import static io.gmgw.crypto.selftest.randomness.Distributions.igamc;

/**
 * 重叠子序列检测, the serial (overlapping subsequence) test: GM/T 0005-2021 §5.4, SP 800-22 §2.11. With
 * ψ²ₖ = (2^k / n) Σ (count of each overlapping k-bit pattern, the sequence wrapped around)² − n,
 * ∇ψ²ₘ = ψ²ₘ − ψ²ₘ₋₁ and ∇²ψ²ₘ = ψ²ₘ − 2ψ²ₘ₋₁ + ψ²ₘ₋₂: P1 = igamc(2^(m−2), ∇ψ²ₘ / 2) and
 * P2 = igamc(2^(m−3), ∇²ψ²ₘ / 2). Each is one test here ({@code second} picks P2).
 *
 * <p>Both differences are non-negative in exact arithmetic: with d(v) = c(v0) − c(v1) for the (m−1)-bit patterns v,
 * ∇ψ²ₘ = (2^(m−1)/n) Σ d(v)² and ∇²ψ²ₘ = (2^(m−2)/n) Σ (d(0u) − d(1u))² over the (m−2)-bit patterns u (the cyclic
 * counts add up: c(v) = c(v0) + c(v1) = c(0v) + c(1v)). Each is exactly 0 when its sum of squares is, which random
 * 20,000-bit samples reach now and then (∇²ψ²₃ = 0 in 4 of 100,000 in a run of docs/self-tests.md). Each ψ² being a
 * difference of terms of size n, rounding can leave a zero a few ulps of n below zero, which {@link RoundingNoise}
 * takes back to 0.
 */
public final class SerialTest implements RandomnessTest {
    private final int m;
    private final boolean second;

    public SerialTest(int m, boolean second) {
        if (m < 2 || m > 20) {
            throw new IllegalArgumentException("serial test pattern length must be 2..20: " + m);
        }
        this.m = m;
        this.second = second;
    }

    @Override
    public String name() {
        return "serial m=" + m + (second ? " P2" : " P1");
    }

    @Override
    public double pValue(Bits bits) {
        double psiM = psiSquared(bits, m);
        double psiM1 = psiSquared(bits, m - 1);
        int n = bits.length();
        if (!second) {
            double delta = RoundingNoise.nonNegative("serial m=" + m + " first difference of psi^2", psiM - psiM1,
                    2.0 * n + Math.abs(psiM) + Math.abs(psiM1));
            return igamc(Math.pow(2, m - 2), delta / 2);
        }
        double psiM2 = psiSquared(bits, m - 2);
        double delta2 = RoundingNoise.nonNegative("serial m=" + m + " second difference of psi^2",
                psiM - 2 * psiM1 + psiM2, 4.0 * n + Math.abs(psiM) + 2 * Math.abs(psiM1) + Math.abs(psiM2));
        return igamc(Math.pow(2, m - 3), delta2 / 2);
    }

    static double psiSquared(Bits bits, int k) {
        if (k <= 0) {
            return 0;
        }
        int n = bits.length();
        long[] counts = bits.cyclicPatternCounts(k);
        double sum = 0;
        for (long c : counts) {
            sum += (double) c * c;
        }
        return (double) (1 << k) / n * sum - n;
    }
}
