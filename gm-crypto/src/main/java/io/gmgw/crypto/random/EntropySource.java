package io.gmgw.crypto.random;

/**
 * A source of raw 8-bit samples for seeding the DRBG, with its assessed min-entropy per sample.
 *
 * <p>Samples are not used directly: {@link HealthTestedEntropy} runs the SP 800-90B §4.4 continuous health tests on
 * every one of them and reads as many as the credited entropy requires. Implementations need not be thread-safe.
 */
public interface EntropySource {
    /**
     * The min-entropy H credited to one sample, in bits (0 &lt; H ≤ 8). It sets both how many samples a seed of a
     * given strength takes and the health tests' cutoffs, so it must not exceed the source's true min-entropy.
     */
    double minEntropyPerSample();

    /** Fills {@code samples} with fresh raw samples, one per byte. */
    void read(byte[] samples);

    /** A short name for error messages and audit events (never a sample value). */
    String name();
}
