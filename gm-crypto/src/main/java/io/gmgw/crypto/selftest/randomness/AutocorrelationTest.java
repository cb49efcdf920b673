package io.gmgw.crypto.selftest.randomness;

import static io.gmgw.crypto.selftest.randomness.Distributions.erfc;

/**
 * 自相关检测, the autocorrelation test of GM/T 0005-2021 §5.9 (not in SP 800-22): A(d) counts the positions where
 * the sequence differs from itself shifted by d, A(d) = Σ εᵢ ⊕ εᵢ₊d for i &lt; n − d;
 * V = 2(A(d) − (n − d)/2) / √(n − d) and P = erfc(|V| / √2).
 */
public final class AutocorrelationTest implements RandomnessTest {
    private final int d;

    public AutocorrelationTest(int d) {
        this.d = d;
    }

    @Override
    public String name() {
        return "autocorrelation d=" + d;
    }

    @Override
    public double pValue(Bits bits) {
        int n = bits.length();
        long a = 0;
        for (int i = 0; i < n - d; i++) {
            a += bits.bit(i) ^ bits.bit(i + d);
        }
        double v = 2 * (a - (n - d) / 2.0) / Math.sqrt(n - d);
        return erfc(RoundingNoise.nonNegative("|V| / sqrt 2", Math.abs(v) / Math.sqrt(2), 0));
    }
}
