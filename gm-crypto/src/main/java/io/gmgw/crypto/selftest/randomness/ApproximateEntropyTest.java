package io.gmgw.crypto.selftest.randomness;

import static io.gmgw.crypto.selftest.randomness.Distributions.igamc;

/**
 * 近似熵检测, the approximate entropy test: GM/T 0005-2021 §5.12, SP 800-22 §2.12. With φ(k) = Σ πⱼ ln πⱼ over the
 * frequencies πⱼ of the n overlapping k-bit patterns (the sequence wrapped around), ApEn = φ(m) − φ(m+1),
 * χ² = 2n(ln 2 − ApEn) and P = igamc(2^(m−1), χ²/2).
 *
 * <p>ApEn ≤ ln 2 in exact arithmetic (it is the entropy of the bit that follows an m-bit pattern, given the pattern),
 * with equality when every m-bit pattern is followed as often by 0 as by 1; χ² is then a difference of terms of size
 * 2n ln 2 that rounding leaves slightly below zero, which {@link RoundingNoise} takes back to 0.
 */
public final class ApproximateEntropyTest implements RandomnessTest {
    private final int m;

    public ApproximateEntropyTest(int m) {
        if (m < 1 || m > 20) {
            throw new IllegalArgumentException("approximate entropy block length must be 1..20: " + m);
        }
        this.m = m;
    }

    @Override
    public String name() {
        return "approximate entropy m=" + m;
    }

    @Override
    public double pValue(Bits bits) {
        int n = bits.length();
        double phiM = phi(bits, m);
        double phiM1 = phi(bits, m + 1);
        double apEn = phiM - phiM1;
        double chiSquared = RoundingNoise.nonNegative("approximate entropy m=" + m + " chi^2",
                2.0 * n * (Math.log(2) - apEn), 2.0 * n * (Math.log(2) + Math.abs(phiM) + Math.abs(phiM1)));
        return igamc(Math.pow(2, m - 1), chiSquared / 2);
    }

    private static double phi(Bits bits, int k) {
        int n = bits.length();
        long[] counts = bits.cyclicPatternCounts(k);
        double sum = 0;
        for (long c : counts) {
            if (c > 0) {
                double pi = (double) c / n;
                sum += pi * Math.log(pi);
            }
        }
        return sum;
    }
}
