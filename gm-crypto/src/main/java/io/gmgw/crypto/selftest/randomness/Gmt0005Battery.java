package io.gmgw.crypto.selftest.randomness;

import java.util.List;

/**
 * The tests and parameters GM/T 0005-2021 Annex A (normative, sample length and test settings) prescribes for
 * samples of 20,000 bits, the shortest of its three sample lengths (2×10⁴, 10⁶, 10⁸ bits), at significance level
 * α = 0.01:
 *
 * <table>
 *   <caption>GM/T 0005-2021 Annex A, 20,000-bit samples</caption>
 *   <tr><th>#</th><th>test</th><th>parameters</th></tr>
 *   <tr><td>1</td><td>frequency (monobit)</td><td>—</td></tr>
 *   <tr><td>2</td><td>frequency within a block</td><td>m = 1000</td></tr>
 *   <tr><td>3</td><td>poker</td><td>m = 4, 8</td></tr>
 *   <tr><td>4</td><td>serial (overlapping subsequences)</td><td>m = 3, 5 (P1 and P2)</td></tr>
 *   <tr><td>5</td><td>runs</td><td>—</td></tr>
 *   <tr><td>6</td><td>runs distribution</td><td>—</td></tr>
 *   <tr><td>7</td><td>longest run in a block, of ones and of zeros</td><td>m = 128</td></tr>
 *   <tr><td>8</td><td>binary derivation</td><td>k = 3, 7</td></tr>
 *   <tr><td>9</td><td>autocorrelation</td><td>d = 2, 8, 16</td></tr>
 *   <tr><td>10</td><td>cumulative sums</td><td>forward, backward</td></tr>
 *   <tr><td>11</td><td>approximate entropy</td><td>m = 2, 5</td></tr>
 *   <tr><td>12</td><td>discrete Fourier transform</td><td>— (not run, see below)</td></tr>
 * </table>
 *
 * <p>Source: we could not read GM/T 0005-2021 itself; this table is as the open-source GM/T 0005-2021 test tool
 * {@code Trisia/randomness} reproduces Annex A, and its methods (§5.1–5.15) are as in GM/T 0005-2012 and
 * GB/T 32915-2016. The discrete Fourier transform test is left out of the power-on battery: at 20,000 bits (not a
 * power of two) it needs an FFT of general length, and it adds nothing against the failures a hash-based DRBG can
 * have (stuck, repeating or zeroed output), which every other test here catches.
 */
public final class Gmt0005Battery {
    /** Significance level for each P-value, GM/T 0005-2021 (α = 0.01). */
    public static final double ALPHA = 0.01;
    /** The sample length the battery's parameters are for. */
    public static final int SAMPLE_BITS = 20_000;

    private Gmt0005Battery() {
    }

    /** The battery for {@value #SAMPLE_BITS}-bit samples, one entry per P-value (21 in all). */
    public static List<RandomnessTest> forSamplesOf20000Bits() {
        return List.of(
                new FrequencyTest(),
                new BlockFrequencyTest(1000),
                new PokerTest(4),
                new PokerTest(8),
                new SerialTest(3, false),
                new SerialTest(3, true),
                new SerialTest(5, false),
                new SerialTest(5, true),
                new RunsTest(),
                new RunsDistributionTest(),
                new LongestRunTest(128, true),
                new LongestRunTest(128, false),
                new BinaryDerivationTest(3),
                new BinaryDerivationTest(7),
                new AutocorrelationTest(2),
                new AutocorrelationTest(8),
                new AutocorrelationTest(16),
                new CumulativeSumsTest(true),
                new CumulativeSumsTest(false),
                new ApproximateEntropyTest(2),
                new ApproximateEntropyTest(5));
    }
}
