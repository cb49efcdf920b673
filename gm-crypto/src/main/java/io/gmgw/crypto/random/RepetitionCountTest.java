package io.gmgw.crypto.random;

/**
 * The Repetition Count Test of NIST SP 800-90B §4.4.1: fails when one sample value repeats C times in a row, with
 * C = 1 + ⌈−log2(α) / H⌉ for the false-positive probability α and the assessed min-entropy H per sample. It catches
 * a source that has got stuck. Stateful across calls (a run may straddle two draws); not thread-safe.
 */
final class RepetitionCountTest {
    private final int cutoff;
    private int previous = -1;
    private int run;

    RepetitionCountTest(double minEntropyPerSample, int alphaExponent) {
        this.cutoff = cutoff(minEntropyPerSample, alphaExponent);
    }

    /** C = 1 + ⌈alphaExponent / H⌉ (§4.4.1), for α = 2^-alphaExponent. */
    static int cutoff(double minEntropyPerSample, int alphaExponent) {
        if (!(minEntropyPerSample > 0 && minEntropyPerSample <= 8)) {
            throw new IllegalArgumentException("min-entropy per 8-bit sample must be in (0, 8]: " + minEntropyPerSample);
        }
        return 1 + (int) Math.ceil(alphaExponent / minEntropyPerSample);
    }

    int cutoff() {
        return cutoff;
    }

    /** Feeds one sample; false when it makes a run of {@link #cutoff()} identical samples. */
    boolean accept(int sample) {
        if (sample == previous) {
            run++;
            return run < cutoff;
        }
        previous = sample;
        run = 1;
        return true;
    }
}
