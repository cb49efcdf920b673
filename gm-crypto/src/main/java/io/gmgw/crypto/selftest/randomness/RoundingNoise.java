package io.gmgw.crypto.selftest.randomness;

/**
 * The one check every statistic of the battery passes before its P-value is computed, and every P-value that is a
 * sum of terms passes after.
 *
 * <p>Each statistic the battery hands to {@link Distributions#igamc} or {@link Distributions#erfc} is non-negative in
 * exact arithmetic (a χ² sum, a difference of ψ² values that is itself a χ² statistic, 2n(ln 2 − ApEn), an absolute
 * value), and each can be exactly zero for a sequence that matches the expectation perfectly. Where the statistic is
 * a difference of large terms, floating-point rounding turns that zero into a tiny negative number (∇²ψ² of the
 * serial test: about −4e-12 for n = 20,000; χ² of the approximate entropy test: about −3e-10), which igamc would
 * refuse. Rounding noise is bounded: a handful of ulps of the terms that were subtracted, far below
 * {@link #RELATIVE_TOLERANCE} of their size even for sums of 2²¹ terms. So a negative value within that tolerance is
 * a zero, and anything more negative, or NaN, cannot come from rounding: it is a bug, and it is thrown as one (at
 * power-on that puts the module in its error state: fail closed).
 */
final class RoundingNoise {
    /**
     * Largest rounding error, relative to the size of the subtracted terms, taken for noise: 1e-9, about 2²³ ulps (a
     * double's unit in the last place is 2⁻⁵² ≈ 2.2e-16 relative).
     */
    static final double RELATIVE_TOLERANCE = 1e-9;

    private RoundingNoise() {
    }

    /**
     * A statistic that is non-negative in exact arithmetic: returned as is when it is not negative, 0 when it is
     * rounding noise below zero.
     *
     * @param magnitude the size of the largest terms the value was computed from as a difference; 0 for a value that
     *                  is a sum of non-negative terms or an absolute value, which rounding cannot make negative
     * @throws IllegalStateException when the value is NaN or negative beyond rounding: a bug in the test
     */
    static double nonNegative(String statistic, double value, double magnitude) {
        if (value >= 0) {
            return value;
        }
        if (value >= -RELATIVE_TOLERANCE * magnitude) {
            return 0;
        }
        throw new IllegalStateException(statistic + " = " + value + " is negative beyond floating-point rounding "
                + "(terms of size " + magnitude + "): a bug in the randomness test, not a property of the sample");
    }

    /**
     * A P-value computed as a sum of probabilities: clamped into [0, 1] when it lies outside by rounding noise only.
     *
     * @throws IllegalStateException when it is NaN or outside [0, 1] beyond rounding: a bug in the test
     */
    static double probability(String test, double p) {
        if (p >= 0 && p <= 1) {
            return p;
        }
        if (p >= -RELATIVE_TOLERANCE && p <= 1 + RELATIVE_TOLERANCE) {
            return Math.clamp(p, 0, 1);
        }
        throw new IllegalStateException(test + " P-value " + p + " is outside [0, 1] beyond floating-point rounding: a "
                + "bug in the randomness test");
    }
}
