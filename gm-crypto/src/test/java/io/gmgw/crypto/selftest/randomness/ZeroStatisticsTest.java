package io.gmgw.crypto.selftest.randomness;

import static io.gmgw.crypto.selftest.randomness.ConstructedSequences.autocorrelationBalanced;
import static io.gmgw.crypto.selftest.randomness.ConstructedSequences.deBruijn;
import static io.gmgw.crypto.selftest.randomness.ConstructedSequences.derivativeBalanced;
import static io.gmgw.crypto.selftest.randomness.ConstructedSequences.longestRunsAsExpected;
import static io.gmgw.crypto.selftest.randomness.ConstructedSequences.repeated;
import static io.gmgw.crypto.selftest.randomness.ConstructedSequences.runsAsExpected;
import static io.gmgw.crypto.selftest.randomness.ConstructedSequences.serialSecondDifferenceZero;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every statistic of the battery that is non-negative in exact arithmetic, on a sequence built to make it exactly
 * zero (see {@link ConstructedSequences}): the P-value is 1, never an exception from rounding noise below zero. Where
 * the battery's 20,000 bits cannot make a statistic zero (the counts it compares with are not integers there), the
 * sample has the nearest length that can; the tests take any length.
 */
class ZeroStatisticsTest {
    private static final int N = Gmt0005Battery.SAMPLE_BITS;

    @Test
    void frequencyAndBlockFrequency() {
        // 0101…: as many ones as zeros overall and in every block of 1000
        Bits alternating = repeated("01", N);
        assertEquals(1.0, new FrequencyTest().pValue(alternating));
        assertEquals(1.0, new BlockFrequencyTest(1000).pValue(alternating));
    }

    @Test
    void poker() {
        // the bytes 0…255 in turn: each 8-bit pattern, and each 4-bit pattern, equally often. 20,480 bits: at
        // 20,000 the 5000 nibbles and 2500 bytes cannot split evenly among 16 and 256 patterns.
        StringBuilder bytes = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            bytes.append(String.format("%8s", Integer.toBinaryString(b)).replace(' ', '0'));
        }
        Bits everyByte = repeated(bytes.toString(), 20_480);
        assertEquals(1.0, new PokerTest(4).pValue(everyByte));
        assertEquals(1.0, new PokerTest(8).pValue(everyByte));
    }

    @Test
    void serialWithEveryPatternEquallyOften() {
        // a de Bruijn sequence of order 5, 625 times: every 1- to 5-bit pattern equally often, all four differences 0
        Bits bits = repeated(deBruijn(5), N);
        for (RandomnessTest t : List.of(new SerialTest(3, false), new SerialTest(3, true), new SerialTest(5, false),
                new SerialTest(5, true))) {
            assertEquals(1.0, t.pValue(bits), t.name());
        }
    }

    @Test
    void serialSecondDifferenceZeroWithUnequalCounts() {
        // The start-up failure: ∇²ψ²₃ = 0, which ψ² arithmetic rounds to -3.6e-12, and igamc refused.
        Bits bits = serialSecondDifferenceZero();
        long[] c = bits.cyclicPatternCounts(3);
        long d00 = c[0b000] - c[0b001];
        long d10 = c[0b100] - c[0b101];
        long d01 = c[0b010] - c[0b011];
        long d11 = c[0b110] - c[0b111];
        assertEquals(List.of(1180L, 1180L, 0L, 0L), List.of(d00, d10, d01, d11));
        double rounded = SerialTest.psiSquared(bits, 3) - 2 * SerialTest.psiSquared(bits, 2)
                + SerialTest.psiSquared(bits, 1);
        assertTrue(rounded < 0 && rounded > -1e-9, "the arithmetic the test exists for: " + rounded);

        assertEquals(1.0, new SerialTest(3, true).pValue(bits));
        // ∇ψ²₃ = (4/n)(d00² + d10²) is far from zero: P1 is tiny, and computed
        assertTrue(new SerialTest(3, false).pValue(bits) < 1e-100);
    }

    @Test
    void runs() {
        // 0011…: n/2 runs, exactly 2nπ(1 - π) with π = 1/2
        assertEquals(1.0, new RunsTest().pValue(repeated("0011", N)));
    }

    @Test
    void runsDistribution() {
        Bits bits = runsAsExpected();
        assertEquals(N, bits.length());
        assertEquals(9, RunsDistributionTest.maxRunLength(N));
        assertEquals(1.0, new RunsDistributionTest().pValue(bits));
    }

    @Test
    void longestRunOfOnesAndOfZeros() {
        // χ² = Σ (νᵢ - Nπᵢ)²/(Nπᵢ) with νᵢ = Nπᵢ: zero up to the rounding of N·πᵢ (πᵢ are decimals)
        assertEquals(1.0, new LongestRunTest(128, true).pValue(longestRunsAsExpected(1)), 1e-15);
        assertEquals(1.0, new LongestRunTest(128, false).pValue(longestRunsAsExpected(0)), 1e-15);
    }

    @Test
    void binaryDerivation() {
        // n - k derived bits, half ones; n = 20,000 + k (at 20,000 the derived length 20,000 - k is odd)
        assertEquals(1.0, new BinaryDerivationTest(3).pValue(derivativeBalanced(N + 3, 3)));
        assertEquals(1.0, new BinaryDerivationTest(7).pValue(derivativeBalanced(N + 7, 7)));
    }

    @Test
    void autocorrelation() {
        for (int d : new int[] {2, 8, 16}) {
            assertEquals(1.0, new AutocorrelationTest(d).pValue(autocorrelationBalanced(N, d)), "d=" + d);
        }
    }

    @Test
    void cumulativeSumsAtTheSmallestMaximum() {
        // the largest |partial sum| cannot be 0; 1 is its minimum (1010…), where P is 1 up to rounding
        Bits bits = repeated("10", N);
        assertEquals(1.0, new CumulativeSumsTest(true).pValue(bits));
        assertEquals(1.0, new CumulativeSumsTest(false).pValue(bits));
    }

    @Test
    void approximateEntropy() {
        // every (m+1)-bit pattern equally often: each m-bit pattern followed by 0 and 1 alike, ApEn = ln 2, χ² = 0.
        // m = 5 needs 64 | n: 19,968 bits (at 20,000 the 32 counts c(v0) = c(v1) would have to split 10,000 evenly)
        assertEquals(1.0, new ApproximateEntropyTest(2).pValue(repeated(deBruijn(3), N)));
        assertEquals(1.0, new ApproximateEntropyTest(5).pValue(repeated(deBruijn(6), 19_968)));
    }

    @Test
    void everyTestOfTheBatteryGivesAPValueOnEveryConstructedSample() {
        List<Bits> samples = List.of(repeated("01", N), repeated("0011", N), repeated(deBruijn(5), N),
                repeated(deBruijn(3), N), serialSecondDifferenceZero(), runsAsExpected(),
                autocorrelationBalanced(N, 8));
        for (Bits sample : samples) {
            for (RandomnessTest t : Gmt0005Battery.forSamplesOf20000Bits()) {
                double p = t.pValue(sample);
                assertTrue(p >= 0 && p <= 1, t.name() + ": " + p);
            }
        }
    }

    @Test
    void onlyRoundingNoiseIsTakenForZero() {
        assertEquals(0.0, RoundingNoise.nonNegative("x", -3.6e-12, 20_000));
        assertEquals(0.5, RoundingNoise.nonNegative("x", 0.5, 20_000));
        // a real negative is a bug, reported as one, never hidden
        IllegalStateException bug = assertThrows(IllegalStateException.class,
                () -> RoundingNoise.nonNegative("serial m=3 second difference of psi^2", -0.25, 20_000));
        assertTrue(bug.getMessage().startsWith("serial m=3 second difference of psi^2 = -0.25 is negative beyond"),
                bug.getMessage());
        assertThrows(IllegalStateException.class, () -> RoundingNoise.nonNegative("x", -1e-300, 0));
        assertThrows(IllegalStateException.class, () -> RoundingNoise.nonNegative("x", Double.NaN, 20_000));
        assertEquals(1.0, RoundingNoise.probability("t", 1 + 1e-15));
        assertEquals(0.0, RoundingNoise.probability("t", -1e-15));
        assertThrows(IllegalStateException.class, () -> RoundingNoise.probability("t", 1.5));
        assertThrows(IllegalStateException.class, () -> RoundingNoise.probability("t", Double.NaN));
    }
}
