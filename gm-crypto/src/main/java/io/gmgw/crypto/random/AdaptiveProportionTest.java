package io.gmgw.crypto.random;

/**
 * The Adaptive Proportion Test of NIST SP 800-90B §4.4.2: in each window of W consecutive samples, fails when the
 * window's first sample value occurs C times or more. C = 1 + CRITBINOM(W, 2^−H, 1 − α), the smallest count that a
 * source with min-entropy H reaches with probability at most α. It catches a source that has become biased without
 * getting stuck. Windows do not overlap; state carries across draws. Not thread-safe.
 */
final class AdaptiveProportionTest {
    private final int window;
    private final int cutoff;
    private int reference;
    private int count;
    private int position;

    AdaptiveProportionTest(double minEntropyPerSample, int window, int alphaExponent) {
        this.window = window;
        this.cutoff = cutoff(minEntropyPerSample, window, alphaExponent);
    }

    /**
     * 1 + CRITBINOM(W, 2^−H, 1 − α) (§4.4.2): the smallest c with P(X ≥ c) ≤ α for X ~ Binomial(W, 2^−H), where
     * α = 2^−alphaExponent. The upper tail is summed from the top in log space, so it stays exact for α far below
     * what a double holds near 1. Returns W + 1 (the test cannot fire) when even all-equal windows are likelier than α.
     */
    static int cutoff(double minEntropyPerSample, int window, int alphaExponent) {
        if (!(minEntropyPerSample > 0 && minEntropyPerSample <= 8)) {
            throw new IllegalArgumentException("min-entropy per 8-bit sample must be in (0, 8]: " + minEntropyPerSample);
        }
        double p = Math.pow(2, -minEntropyPerSample);
        double logAlpha = -alphaExponent * Math.log(2);
        // log P(X = k), built up from log P(X = 0) = W log(1 − p)
        double[] logPmf = new double[window + 1];
        logPmf[0] = window * Math.log1p(-p);
        double logRatio = Math.log(p) - Math.log1p(-p);
        for (int k = 0; k < window; k++) {
            logPmf[k + 1] = logPmf[k] + Math.log((double) (window - k) / (k + 1)) + logRatio;
        }
        // tail(c) = P(X ≥ c) = Σ_{k ≥ c} P(X = k), accumulated downward while it stays ≤ α
        double tail = 0;
        for (int c = window; c >= 0; c--) {
            double next = tail + Math.exp(logPmf[c]);
            if (Math.log(next) > logAlpha) {
                return c + 1;
            }
            tail = next;
        }
        return 0;
    }

    int cutoff() {
        return cutoff;
    }

    int window() {
        return window;
    }

    /** Feeds one sample; false when the current window's first value has now occurred {@link #cutoff()} times. */
    boolean accept(int sample) {
        if (position == 0) {
            reference = sample;
            count = 1;
        } else if (sample == reference) {
            count++;
        }
        position = (position + 1) % window;
        return count < cutoff;
    }
}
