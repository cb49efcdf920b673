package io.gmgw.interop;

import java.util.Random;

/**
 * The random inputs of one differential suite. They come from a seeded {@link Random}, so a failure reproduces: every
 * assertion message names the suite, the seed and the case ({@link #where}). The seed is fixed unless
 * {@code -Dgmgw.interop.seed=N} asks for another set of cases; each suite draws its own stream from it.
 */
final class RandomCases {
    static final String SEED_PROPERTY = "gmgw.interop.seed";
    static final long DEFAULT_SEED = 20_251_107L;

    private final String suite;
    private final long seed;
    private final Random random;

    private RandomCases(String suite, long seed) {
        this.suite = suite;
        this.seed = seed;
        // Different suites get different streams from the same seed; the suite name keeps them stable across runs.
        this.random = new Random(seed * 0x9E3779B97F4A7C15L ^ suite.hashCode());
    }

    /** The cases of {@code suite} under the configured seed. */
    static RandomCases of(String suite) {
        String configured = System.getProperty(SEED_PROPERTY);
        long seed = configured == null || configured.isBlank() ? DEFAULT_SEED : Long.parseLong(configured.strip());
        return new RandomCases(suite, seed);
    }

    static RandomCases of(String suite, long seed) {
        return new RandomCases(suite, seed);
    }

    long seed() {
        return seed;
    }

    byte[] bytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    /** A uniform integer in [{@code min}, {@code max}]. */
    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /** An index into a list of {@code size} elements. */
    int index(int size) {
        return random.nextInt(size);
    }

    /** Identifies case {@code index} in an assertion message, with how to rerun it. */
    String where(int index, String detail) {
        return suite + " case " + index + " (" + detail + "; seed " + seed + ", rerun with -D" + SEED_PROPERTY + "="
                + seed + ")";
    }
}
