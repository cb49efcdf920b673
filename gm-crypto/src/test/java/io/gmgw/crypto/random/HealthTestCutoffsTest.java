package io.gmgw.crypto.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/** The SP 800-90B §4.4 cutoff formulas, checked against the standard's own table and an exact computation. */
class HealthTestCutoffsTest {

    @Test
    void repetitionCountCutoffIsOnePlusCeilingOfMinusLog2AlphaOverH() {
        // §4.4.1 worked example: H = 2, alpha = 2^-20 gives C = 1 + ceil(20 / 2) = 11
        assertEquals(11, RepetitionCountTest.cutoff(2, 20));
        assertEquals(41, RepetitionCountTest.cutoff(0.5, 20));
        assertEquals(11, RepetitionCountTest.cutoff(4, 40));
        assertEquals(6, RepetitionCountTest.cutoff(8, 40));
        assertEquals(14, RepetitionCountTest.cutoff(3.5, 45));
        assertThrows(IllegalArgumentException.class, () -> RepetitionCountTest.cutoff(0, 40));
        assertThrows(IllegalArgumentException.class, () -> RepetitionCountTest.cutoff(9, 40));
    }

    @Test
    void adaptiveProportionCutoffsMatchSp80090bTable2() {
        // Table 2 of SP 800-90B §4.4.2 (alpha = 2^-20): W = 512 for H = 0.5, 1, 2, 4, 8
        int[] nonBinary = {410, 311, 177, 62, 13};
        double[] hNonBinary = {0.5, 1, 2, 4, 8};
        for (int i = 0; i < nonBinary.length; i++) {
            assertEquals(nonBinary[i], AdaptiveProportionTest.cutoff(hNonBinary[i], 512, 20), "H = " + hNonBinary[i]);
        }
        // and W = 1024 (binary sources) for H = 0.2, 0.4, 0.6, 0.8, 1
        int[] binary = {941, 840, 748, 664, 589};
        double[] hBinary = {0.2, 0.4, 0.6, 0.8, 1};
        for (int i = 0; i < binary.length; i++) {
            assertEquals(binary[i], AdaptiveProportionTest.cutoff(hBinary[i], 1024, 20), "H = " + hBinary[i]);
        }
    }

    @Test
    void productionCutoffIsTheExactBinomialCriticalValue() {
        // H = 4 bits per byte, W = 512, alpha = 2^-40: P(X >= 78) <= alpha < P(X >= 77) for X ~ Bin(512, 1/16)
        int c = AdaptiveProportionTest.cutoff(4, 512, 40);
        assertEquals(78, c);
        BigDecimal alpha = BigDecimal.ONE.divide(new BigDecimal(BigInteger.TWO.pow(40)), MathContext.DECIMAL128);
        assertTrue(exactUpperTail(512, 16, c).compareTo(alpha) <= 0);
        assertTrue(exactUpperTail(512, 16, c - 1).compareTo(alpha) > 0);
        assertEquals(new HealthTestedEntropy(io.gmgw.crypto.TestModules.deterministic("cutoffs"),
                new SeedDerivedEntropySource(new byte[1])).adaptiveProportionCutoff(), c);
    }

    @Test
    void theTestsFireExactlyAtTheirCutoffs() {
        RepetitionCountTest rct = new RepetitionCountTest(4, 40);
        for (int i = 1; i < 11; i++) {
            assertTrue(rct.accept(7), "repeat " + i);
        }
        assertFalse(rct.accept(7));

        AdaptiveProportionTest apt = new AdaptiveProportionTest(4, 512, 40);
        // the window's first value, then 76 more of it among other values: 77 occurrences pass, the 78th fails
        assertTrue(apt.accept(5));
        for (int i = 0; i < 76; i++) {
            assertTrue(apt.accept(5));
            assertTrue(apt.accept(i % 200 + 10));
        }
        assertFalse(apt.accept(5));

        // a new window starts over: 511 other samples end the window, so the next 77 occurrences pass again
        AdaptiveProportionTest fresh = new AdaptiveProportionTest(4, 512, 40);
        for (int i = 0; i < 512; i++) {
            assertTrue(fresh.accept(i < 77 ? 9 : 300 + i));
        }
        for (int i = 0; i < 77; i++) {
            assertTrue(fresh.accept(9));
        }
    }

    /** P(X >= c) for X ~ Binomial(n, 1/q), exactly, with integers. */
    private static BigDecimal exactUpperTail(int n, int q, int c) {
        BigInteger numerator = BigInteger.ZERO;
        BigInteger qm1 = BigInteger.valueOf(q - 1);
        for (int k = c; k <= n; k++) {
            numerator = numerator.add(binomial(n, k).multiply(qm1.pow(n - k)));
        }
        return new BigDecimal(numerator).divide(new BigDecimal(BigInteger.valueOf(q).pow(n)), MathContext.DECIMAL128);
    }

    private static BigInteger binomial(int n, int k) {
        BigInteger r = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return r;
    }
}
