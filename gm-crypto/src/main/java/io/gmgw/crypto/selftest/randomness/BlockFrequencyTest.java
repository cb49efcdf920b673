package io.gmgw.crypto.selftest.randomness;

import static io.gmgw.crypto.selftest.randomness.Distributions.igamc;

/**
 * 块内频数检测, the frequency test within a block: GM/T 0005-2021 §5.2, SP 800-22 §2.2. The sequence is cut into
 * N = ⌊n/m⌋ blocks of m bits with proportions πᵢ of ones; V = 4m Σ(πᵢ − ½)² and P = igamc(N/2, V/2).
 */
public final class BlockFrequencyTest implements RandomnessTest {
    private final int m;

    public BlockFrequencyTest(int m) {
        this.m = m;
    }

    @Override
    public String name() {
        return "block frequency m=" + m;
    }

    @Override
    public double pValue(Bits bits) {
        int blocks = bits.length() / m;
        double sum = 0;
        for (int b = 0; b < blocks; b++) {
            int ones = 0;
            for (int j = 0; j < m; j++) {
                ones += bits.bit(b * m + j);
            }
            double deviation = (double) ones / m - 0.5;
            sum += deviation * deviation;
        }
        // a sum of squares: rounding cannot make it negative
        double chiSquared = RoundingNoise.nonNegative("block frequency chi^2", 4.0 * m * sum, 0);
        return igamc(blocks / 2.0, chiSquared / 2);
    }
}
