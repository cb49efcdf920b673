package io.gmgw.crypto.selftest.randomness;

import static io.gmgw.crypto.selftest.randomness.Distributions.igamc;

/**
 * 重叠子序列检测, the serial (overlapping subsequence) test: GM/T 0005-2021 §5.4, SP 800-22 §2.11. With
 * ψ²ₖ = (2^k / n) Σ (count of each overlapping k-bit pattern, the sequence wrapped around)² − n,
 * ∇ψ²ₘ = ψ²ₘ − ψ²ₘ₋₁ and ∇²ψ²ₘ = ψ²ₘ − 2ψ²ₘ₋₁ + ψ²ₘ₋₂: P1 = igamc(2^(m−2), ∇ψ²ₘ / 2) and
 * P2 = igamc(2^(m−3), ∇²ψ²ₘ / 2). Each is one test here ({@code second} picks P2).
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
        if (!second) {
            return igamc(Math.pow(2, m - 2), (psiM - psiM1) / 2);
        }
        double psiM2 = psiSquared(bits, m - 2);
        return igamc(Math.pow(2, m - 3), (psiM - 2 * psiM1 + psiM2) / 2);
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
