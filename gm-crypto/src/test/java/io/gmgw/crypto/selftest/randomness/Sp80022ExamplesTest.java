package io.gmgw.crypto.selftest.randomness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The worked examples of NIST SP 800-22 Rev.1a §2.x for the tests GM/T 0005 shares with it: the short sequences of
 * each section's "Test Description" and the 100-bit ε of each section's "Example" (the first 100 bits of π's binary
 * expansion). SP 800-22 prints P-values to six decimals.
 */
class Sp80022ExamplesTest {
    /** §2.x.8: ε = the first 100 bits of the binary expansion of π. */
    private static final Bits PI_100 = Bits.parse("11001001000011111101101010100010001000010110100011"
            + "00001000110100110001001100011001100010100010111000");
    private static final double PRINTED = 1e-6;

    @Test
    void frequency() {
        // §2.1.4: ε = 1011010101, S = 2, P = 0.527089; §2.1.8: P = 0.109599
        assertEquals(0.527089, new FrequencyTest().pValue(Bits.parse("1011010101")), PRINTED);
        assertEquals(0.109599, new FrequencyTest().pValue(PI_100), PRINTED);
    }

    @Test
    void blockFrequency() {
        // §2.2.4: ε = 0110011010, M = 3, chi^2 = 1, P = 0.801252; §2.2.8: M = 10, P = 0.706438
        assertEquals(0.801252, new BlockFrequencyTest(3).pValue(Bits.parse("0110011010")), PRINTED);
        assertEquals(0.706438, new BlockFrequencyTest(10).pValue(PI_100), PRINTED);
    }

    @Test
    void runs() {
        // §2.3.4: ε = 1001101011, V = 7, P = 0.147232; §2.3.8: P = 0.500798
        assertEquals(0.147232, new RunsTest().pValue(Bits.parse("1001101011")), PRINTED);
        assertEquals(0.500798, new RunsTest().pValue(PI_100), PRINTED);
    }

    @Test
    void longestRunOfOnes() {
        // §2.4.8: n = 128, M = 8, nu = (4, 9, 3, 0), P = 0.180609
        Bits e = Bits.parse("11001100000101010110110001001100111000000000001001001101010100010001001111010110"
                + "100000001101011111001100111001101101100010110010");
        assertEquals(0.180609, new LongestRunTest(8, true).pValue(e), 2e-5);
    }

    @Test
    void serial() {
        // §2.11.4: ε = 0011011101, m = 3: P1 = 0.808792, P2 = 0.670320
        Bits e = Bits.parse("0011011101");
        assertEquals(0.808792, new SerialTest(3, false).pValue(e), PRINTED);
        assertEquals(0.670320, new SerialTest(3, true).pValue(e), PRINTED);
        // psi^2 values of the same example: 2.8, 1.2, 0.4
        assertEquals(2.8, SerialTest.psiSquared(e, 3), 1e-12);
        assertEquals(1.2, SerialTest.psiSquared(e, 2), 1e-12);
        assertEquals(0.4, SerialTest.psiSquared(e, 1), 1e-12);
    }

    @Test
    void approximateEntropy() {
        // §2.12.4: ε = 0100110101, m = 3: P = 0.261961; §2.12.8: m = 2, P = 0.235301
        assertEquals(0.261961, new ApproximateEntropyTest(3).pValue(Bits.parse("0100110101")), PRINTED);
        assertEquals(0.235301, new ApproximateEntropyTest(2).pValue(PI_100), PRINTED);
    }

    @Test
    void cumulativeSums() {
        // §2.13.4: ε = 1011010111, forward, z = 4: P = 0.4116588; §2.13.8: forward 0.219194, reverse 0.114866
        // (printed to seven places; NIST's normal-distribution routine agrees with an exact one to about 2e-7)
        assertEquals(0.4116588, new CumulativeSumsTest(true).pValue(Bits.parse("1011010111")), PRINTED);
        assertEquals(0.219194, new CumulativeSumsTest(true).pValue(PI_100), PRINTED);
        assertEquals(0.114866, new CumulativeSumsTest(false).pValue(PI_100), PRINTED);
    }
}
