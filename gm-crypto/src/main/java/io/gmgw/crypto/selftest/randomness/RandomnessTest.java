package io.gmgw.crypto.selftest.randomness;

/**
 * One statistical test with fixed parameters, producing one P-value: the probability that a truly random sequence
 * gives a statistic at least this extreme. A sequence fails at significance level α when P &lt; α (GM/T 0005-2021
 * uses α = 0.01).
 */
public interface RandomnessTest {
    /** The test and its parameters, e.g. {@code poker m=4}. */
    String name();

    double pValue(Bits bits);
}
