package io.gmgw.crypto.selftest.randomness;

import static io.gmgw.crypto.selftest.randomness.Distributions.normalCdf;

/**
 * 累加和检测, the cumulative sums test: GM/T 0005-2021 §5.11 (forward and backward), SP 800-22 §2.13. z is the
 * largest |Sₖ| of the partial sums of 2εᵢ − 1 taken from the front or the back, and (SP 800-22 §2.13.4 step 4)
 * P = 1 − Σₖ [Φ((4k+1)z/√n) − Φ((4k−1)z/√n)] + Σₖ [Φ((4k+3)z/√n) − Φ((4k+1)z/√n)], the first sum over
 * k = (−n/z + 1)/4 … (n/z − 1)/4, the second over k = (−n/z − 3)/4 … (n/z − 1)/4, with integer division truncating
 * toward zero as in NIST's reference code.
 */
public final class CumulativeSumsTest implements RandomnessTest {
    private final boolean forward;

    public CumulativeSumsTest(boolean forward) {
        this.forward = forward;
    }

    @Override
    public String name() {
        return "cumulative sums " + (forward ? "forward" : "backward");
    }

    @Override
    public double pValue(Bits bits) {
        int n = bits.length();
        long sum = 0;
        long z = 0;
        for (int i = 0; i < n; i++) {
            sum += 2 * bits.bit(forward ? i : n - 1 - i) - 1;
            z = Math.max(z, Math.abs(sum));
        }
        int nz = (int) (n / z);
        double sqrtN = Math.sqrt(n);
        double p = 1;
        for (int k = (-nz + 1) / 4; k <= (nz - 1) / 4; k++) {
            p -= normalCdf((4 * k + 1) * z / sqrtN) - normalCdf((4 * k - 1) * z / sqrtN);
        }
        for (int k = (-nz - 3) / 4; k <= (nz - 1) / 4; k++) {
            p += normalCdf((4 * k + 3) * z / sqrtN) - normalCdf((4 * k + 1) * z / sqrtN);
        }
        return RoundingNoise.probability(name(), p);
    }
}
