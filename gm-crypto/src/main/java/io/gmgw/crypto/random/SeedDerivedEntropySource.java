package io.gmgw.crypto.random;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * A deterministic stand-in for the entropy source, for tests only: sample block i is
 * SM3("gmgw deterministic entropy" ‖ len(seed) ‖ seed ‖ i). The same seed gives the same samples, so a DRBG seeded
 * from it (instantiation and every reseed) produces the same sequence on every run. It provides no entropy at all.
 *
 * <p>It claims the production source's {@link OsEntropySource#MIN_ENTROPY_PER_SAMPLE}, so that the DRBG reads the
 * same amounts and runs the same health tests as in production (SM3 output passes them).
 */
final class SeedDerivedEntropySource implements EntropySource {
    private static final byte[] LABEL = "gmgw deterministic entropy".getBytes(StandardCharsets.US_ASCII);

    private final byte[] seed;
    private final SM3Digest sm3 = new SM3Digest();
    private final byte[] block = new byte[32];
    private long counter;
    private int used = block.length;

    SeedDerivedEntropySource(byte[] seed) {
        this.seed = seed.clone();
    }

    @Override
    public double minEntropyPerSample() {
        return OsEntropySource.MIN_ENTROPY_PER_SAMPLE;
    }

    @Override
    public void read(byte[] samples) {
        for (int i = 0; i < samples.length; i++) {
            if (used == block.length) {
                nextBlock();
            }
            samples[i] = block[used++];
        }
    }

    @Override
    public String name() {
        return "deterministic-test-seed";
    }

    private void nextBlock() {
        sm3.update(LABEL, 0, LABEL.length);
        update(seed.length);
        sm3.update(seed, 0, seed.length);
        update(counter++);
        sm3.doFinal(block, 0);
        used = 0;
    }

    private void update(long n) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            sm3.update((byte) (n >>> shift));
        }
    }
}
