package io.gmgw.crypto.selftest.randomness;

import static io.gmgw.crypto.selftest.randomness.Distributions.erfc;

/**
 * 游程总数检测, the runs test: GM/T 0005-2021 §5.5, SP 800-22 §2.3. With π the proportion of ones and V the total
 * number of runs, P = erfc(|V − 2nπ(1−π)| / (2√(2n) π(1−π))). As in SP 800-22 §2.3.4 step 2, a sequence whose π is
 * so far from ½ that the statistic is meaningless (|π − ½| ≥ 2/√n, which the frequency test already rejects) gets
 * P = 0.
 */
public final class RunsTest implements RandomnessTest {
    @Override
    public String name() {
        return "runs";
    }

    @Override
    public double pValue(Bits bits) {
        int n = bits.length();
        double pi = (double) bits.ones() / n;
        if (Math.abs(pi - 0.5) >= 2 / Math.sqrt(n)) {
            return 0;
        }
        long runs = 1;
        for (int i = 0; i + 1 < n; i++) {
            if (bits.bit(i) != bits.bit(i + 1)) {
                runs++;
            }
        }
        double expected = 2.0 * n * pi * (1 - pi);
        return erfc(RoundingNoise.nonNegative("runs |V - 2n pi (1 - pi)| / (2 sqrt(2n) pi (1 - pi))",
                Math.abs(runs - expected) / (2 * Math.sqrt(2.0 * n) * pi * (1 - pi)), 0));
    }
}
