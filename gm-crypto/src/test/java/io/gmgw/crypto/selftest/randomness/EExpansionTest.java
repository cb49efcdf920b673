package io.gmgw.crypto.selftest.randomness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NIST SP 800-22 Rev.1a Appendix B: P-values of the tests on the first 1,000,000 bits of the binary expansion of
 * e (NIST's data.e: e = 10.1011011111100001…₂, integer bits included). The bits are computed here from
 * e = Σ 1/k! by binary splitting, so no data file is needed.
 */
class EExpansionTest {
    private static final int N = 1_000_000;
    private static final double PRINTED = 1e-6;
    private static Bits e;

    @BeforeAll
    static void computeE() {
        e = binaryExpansionOfE(N);
    }

    @Test
    void theComputedBitsStartAsEsBinaryExpansion() {
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            first.append(e.bit(i));
        }
        // e = 2.718281828… = 10.101101111110000101010001…
        assertEquals("101011011111100001010100", first.toString());
        assertEquals(N, e.length());
    }

    @Test
    void appendixBPValues() {
        assertEquals(0.953749, new FrequencyTest().pValue(e), PRINTED);
        assertEquals(0.211072, new BlockFrequencyTest(128).pValue(e), PRINTED);
        assertEquals(0.669886, new CumulativeSumsTest(true).pValue(e), PRINTED);
        assertEquals(0.724265, new CumulativeSumsTest(false).pValue(e), PRINTED);
        assertEquals(0.561917, new RunsTest().pValue(e), PRINTED);
        assertEquals(0.718945, new LongestRunTest(10_000, true).pValue(e), PRINTED);
        assertEquals(0.700073, new ApproximateEntropyTest(10).pValue(e), PRINTED);
        assertEquals(0.766182, new SerialTest(16, false).pValue(e), 2e-6);
        assertEquals(0.462921, new SerialTest(16, true).pValue(e), PRINTED);
    }

    @Test
    void eAlsoPassesTheGmt0005OnlyTests() {
        // no published values for these; e's expansion is as random as any test here can tell
        for (RandomnessTest test : new RandomnessTest[] {new PokerTest(4), new PokerTest(8),
                new RunsDistributionTest(), new BinaryDerivationTest(3), new BinaryDerivationTest(7),
                new AutocorrelationTest(1), new AutocorrelationTest(16), new LongestRunTest(10_000, false)}) {
            double p = test.pValue(e);
            assertTrue(p >= 0.01, test.name() + ": " + p);
        }
    }

    /** The first {@code bits} bits of e in binary, integer part (10) first. */
    static Bits binaryExpansionOfE(int bits) {
        // enough terms that the tail of the series is below 2^-(bits + 64)
        int terms = 2;
        double log2Factorial = 1;
        while (log2Factorial < bits + 64) {
            terms++;
            log2Factorial += Math.log(terms) / Math.log(2);
        }
        BigInteger[] pq = splitSum(0, terms);
        // e = 1 + P/Q; floor(e * 2^(bits - 2)) has exactly `bits` bits because 2 <= e < 4
        BigInteger scaled = pq[1].add(pq[0]).shiftLeft(bits - 2).divide(pq[1]);
        byte[] out = new byte[bits];
        for (int i = 0; i < bits; i++) {
            out[i] = (byte) (scaled.testBit(bits - 1 - i) ? 1 : 0);
        }
        return Bits.wrap(out);
    }

    /** P/Q = Σ_{k=a+1..b} 1/((a+1)(a+2)…k) with Q = (a+1)…b. */
    private static BigInteger[] splitSum(int a, int b) {
        if (b - a == 1) {
            return new BigInteger[] {BigInteger.ONE, BigInteger.valueOf(b)};
        }
        int m = (a + b) >>> 1;
        BigInteger[] left = splitSum(a, m);
        BigInteger[] right = splitSum(m, b);
        return new BigInteger[] {left[0].multiply(right[1]).add(right[0]), left[1].multiply(right[1])};
    }
}
