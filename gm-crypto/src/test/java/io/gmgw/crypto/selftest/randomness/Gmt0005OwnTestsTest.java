package io.gmgw.crypto.selftest.randomness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The GM/T 0005 tests SP 800-22 has no examples for (poker, runs distribution, binary derivation, autocorrelation):
 * small cases worked by hand or through closed forms independent of the code under test, and sequences that must
 * fail them.
 */
class Gmt0005OwnTestsTest {

    @Test
    void pokerByHand() {
        // m = 2 on 00 01 10 11: every pattern once, V = (4/4)(1+1+1+1) - 4 = 0, P = 1
        assertEquals(1.0, new PokerTest(2).pValue(Bits.parse("00011011")), 1e-12);
        // m = 2 on eight zeros: pattern 00 four times, V = (4/4)(16) - 4 = 12, P = Q(3/2, 6), and
        // Q(3/2, x) = erfc(sqrt x) + 2 sqrt(x/pi) e^-x; erfc(sqrt 6) = 5.3200550513e-4 (tables)
        double expected = 5.3200550513e-4 + 2 * Math.sqrt(6 / Math.PI) * Math.exp(-6);
        assertEquals(expected, new PokerTest(2).pValue(Bits.parse("00000000")), 1e-11);
        // m = 4 on 0000 0000 1111 1111: V = (16/4)(4 + 4) - 4 = 28, 15 degrees of freedom
        assertEquals(Distributions.igamc(7.5, 14), new PokerTest(4).pValue(Bits.parse("0000000011111111")), 0);
    }

    @Test
    void pokerRejectsARepeatingPattern() {
        // 0xA5 repeated: with m = 8 only one pattern appears; with m = 4 two of sixteen
        byte[] data = new byte[2500];
        java.util.Arrays.fill(data, (byte) 0xa5);
        assertTrue(new PokerTest(8).pValue(Bits.fromBytes(data)) < 1e-100);
        assertTrue(new PokerTest(4).pValue(Bits.fromBytes(data)) < 1e-100);
    }

    @Test
    void runsDistributionByCountingRunsWithARegex() {
        // n = 100: e_1 = 102/8 >= 5, e_2 = 101/16 >= 5, e_3 = 100/32 < 5, so k = 2 and P = igamc(1, V/2) = e^(-V/2)
        assertEquals(2, RunsDistributionTest.maxRunLength(100));
        // n = 20000: e_9 = 19994/2048 = 9.8 >= 5, e_10 = 19993/4096 = 4.9 < 5
        assertEquals(9, RunsDistributionTest.maxRunLength(20_000));
        SplittableRandom random = new SplittableRandom(32915);
        for (int trial = 0; trial < 20; trial++) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                s.append(random.nextInt(2));
            }
            double[] b = new double[3];
            double[] g = new double[3];
            Matcher runs = Pattern.compile("1+|0+").matcher(s);
            while (runs.find()) {
                int length = Math.min(runs.group().length(), 2);
                (runs.group().charAt(0) == '1' ? b : g)[length]++;
            }
            double t = b[1] + b[2] + g[1] + g[2];
            double e1 = t / 4; // runs of one value of length 1: T / 2^2
            double e2 = t / 4; // of length >= k = 2: T / 2^k
            double v = sq(b[1] - e1) / e1 + sq(b[2] - e2) / e2 + sq(g[1] - e1) / e1 + sq(g[2] - e2) / e2;
            assertEquals(Math.exp(-v / 2), new RunsDistributionTest().pValue(Bits.parse(s)), 1e-12, s.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> RunsDistributionTest.maxRunLength(50));
    }

    @Test
    void runsDistributionRejectsRunsAllOfOneLength() {
        // 0011 0011 …: every run has length 2, none of length 1
        assertTrue(new RunsDistributionTest().pValue(Bits.parse("0011".repeat(5000))) < 1e-100);
    }

    @Test
    void binaryDerivationIsTheFrequencyTestOfTheDerivedSequence() {
        // derive by hand: 1011010101 -> k=1: 110111111 -> k=2: 01100000 -> k=3: 1010000
        assertEquals(new FrequencyTest().pValue(Bits.parse("110111111")),
                new BinaryDerivationTest(1).pValue(Bits.parse("1011010101")), 1e-15);
        assertEquals(new FrequencyTest().pValue(Bits.parse("01100000")),
                new BinaryDerivationTest(2).pValue(Bits.parse("1011010101")), 1e-15);
        assertEquals(new FrequencyTest().pValue(Bits.parse("1010000")),
                new BinaryDerivationTest(3).pValue(Bits.parse("1011010101")), 1e-15);
        // 0101…: first derivative all ones, second all zeros
        Bits alternating = Bits.parse("01".repeat(10_000));
        assertTrue(new BinaryDerivationTest(1).pValue(alternating) < 1e-100);
        assertTrue(new BinaryDerivationTest(3).pValue(alternating) < 1e-100);
    }

    @Test
    void autocorrelationByHand() {
        // ε = 1011010101, d = 1: ε_i xor ε_(i+1) = 1,1,0,1,1,1,1,1,1 so A = 8, V = 2(8 - 4.5)/3 = 7/3
        assertEquals(Distributions.erfc(7.0 / 3 / Math.sqrt(2)),
                new AutocorrelationTest(1).pValue(Bits.parse("1011010101")), 1e-15);
        // d = 2: pairs (1,1)(0,1)(1,0)(1,1)(0,0)(1,1)(0,0)(1,1): A = 2, V = 2(2 - 4)/sqrt 8
        assertEquals(Distributions.erfc(Math.abs(2 * (2 - 4.0) / Math.sqrt(8)) / Math.sqrt(2)),
                new AutocorrelationTest(2).pValue(Bits.parse("1011010101")), 1e-15);
        Bits alternating = Bits.parse("01".repeat(10_000));
        assertTrue(new AutocorrelationTest(1).pValue(alternating) < 1e-100);
        assertTrue(new AutocorrelationTest(2).pValue(alternating) < 1e-100);
        assertTrue(new AutocorrelationTest(8).pValue(Bits.parse("01101001".repeat(2500))) < 1e-100);
    }

    @Test
    void specialFunctionsAgreeWithClosedForms() {
        // Q(1, x) = e^-x; Q(1/2, x^2) = erfc(x); erfc(1) = 0.157299207050285 (tables); Phi(1.96) = 0.975002104851780
        assertEquals(Math.exp(-3.7), Distributions.igamc(1, 3.7), 1e-15);
        assertEquals(0.157299207050285, Distributions.erfc(1), 1e-14);
        assertEquals(1.842700792949715, Distributions.erfc(-1), 1e-14);
        assertEquals(0.975002104851780, Distributions.normalCdf(1.96), 1e-13);
        assertEquals(Math.log(120), Distributions.lnGamma(6), 1e-13);
        assertEquals(Math.log(Math.sqrt(Math.PI)), Distributions.lnGamma(0.5), 1e-13);
        // Q(2, x) = (1 + x) e^-x, on both sides of the series / continued-fraction switch
        assertEquals(2.5 * Math.exp(-1.5), Distributions.igamc(2, 1.5), 1e-15);
        assertEquals(41 * Math.exp(-40), Distributions.igamc(2, 40), 1e-28);
        assertEquals(1.0, Distributions.igamc(3, 0), 0);
        // P(X >= 1) for X ~ Bin(20, 0.01) = 1 - 0.99^20
        assertEquals(1 - Math.pow(0.99, 20), Distributions.binomialUpperTail(20, 0.01, 1), 1e-14);
    }

    private static double sq(double x) {
        return x * x;
    }
}
