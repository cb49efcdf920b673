package io.gmgw.crypto.selftest.randomness;

import static io.gmgw.crypto.selftest.randomness.Distributions.erfc;

/**
 * 二元推导检测, the binary derivation test of GM/T 0005-2021 §5.8 (not in SP 800-22): k times replace the sequence
 * by the XOR of neighbouring bits, εᵢ' = εᵢ ⊕ εᵢ₊₁ (each pass one bit shorter), then apply the frequency statistic to
 * the n − k derived bits: P = erfc(|S| / √(2(n − k))).
 */
public final class BinaryDerivationTest implements RandomnessTest {
    private final int k;

    public BinaryDerivationTest(int k) {
        this.k = k;
    }

    @Override
    public String name() {
        return "binary derivation k=" + k;
    }

    @Override
    public double pValue(Bits bits) {
        byte[] e = bits.toArray();
        int length = e.length;
        for (int pass = 0; pass < k; pass++) {
            length--;
            for (int i = 0; i < length; i++) {
                e[i] ^= e[i + 1];
            }
        }
        long s = 0;
        for (int i = 0; i < length; i++) {
            s += 2 * e[i] - 1;
        }
        return erfc(RoundingNoise.nonNegative("|S| / sqrt(2(n - k))", Math.abs(s) / Math.sqrt(2.0 * length), 0));
    }
}
