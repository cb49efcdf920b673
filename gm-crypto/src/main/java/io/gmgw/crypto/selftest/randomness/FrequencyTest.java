package io.gmgw.crypto.selftest.randomness;

import static io.gmgw.crypto.selftest.randomness.Distributions.erfc;

/**
 * 单比特频数检测, the frequency (monobit) test: GM/T 0005-2021 §5.1, SP 800-22 §2.1. With S the sum of 2εᵢ − 1,
 * P = erfc(|S| / √(2n)).
 */
public final class FrequencyTest implements RandomnessTest {
    @Override
    public String name() {
        return "frequency (monobit)";
    }

    @Override
    public double pValue(Bits bits) {
        int n = bits.length();
        long s = 2L * bits.ones() - n;
        return erfc(RoundingNoise.nonNegative("|S| / sqrt(2n)", Math.abs(s) / Math.sqrt(2.0 * n), 0));
    }
}
