package io.gmgw.crypto.random;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The operating limits of the module's SM3 RNG, taken from GM/T 0105-2021 (软件随机数发生器设计指南) Appendix B,
 * the SM3-based RNG, where they are stricter than NIST SP 800-90A Table 2.
 *
 * <p>Sources. We could not read GM/T 0105-2021 itself; the values below are those that public implementations of
 * it agree on (GmSSL's {@code sm3_rng}, the Go {@code gmsm} DRBG, and published design notes citing Appendix B):
 * the SM3 RNG reseeds after 2^20 generate calls or 600 s at GB/T 37092 security level 1, and after 2^10 calls or 60 s
 * at level 2, and one generate call returns at most one SM3 output, 256 bits. We use the level-2 values, the
 * stricter pair, whatever level the appliance is finally certified at: a reseed costs one 64-byte read of the OS
 * source a minute. Entropy input and nonce follow SP 800-90A (entropy ≥ security strength, §10.1.1.2; nonce with
 * ≥ security_strength / 2 bits, §8.6.7), which the entropy lengths of GM/T 0105's examples also meet.
 *
 * @param reseedInterval      generate calls between reseeds (GM/T 0105 level 2: 2^10; SP 800-90A allows 2^48)
 * @param reseedTime          longest time between reseeds (GM/T 0105 level 2: 60 s; SP 800-90A sets none)
 * @param maxBytesPerGenerate bytes returned by one generate call (GM/T 0105: 256 bits; SP 800-90A allows 2^19 bits)
 * @param entropyBits         min-entropy of each entropy input, bits (SP 800-90A: the security strength, 256)
 * @param nonceBits           min-entropy of the instantiation nonce, bits (SP 800-90A §8.6.7: 128)
 */
public record Sm3RngParameters(long reseedInterval, Duration reseedTime, int maxBytesPerGenerate, int entropyBits,
                               int nonceBits) {
    /** The production parameters (GM/T 0105-2021 Appendix B, security level 2). */
    public static final Sm3RngParameters GMT_0105 = new Sm3RngParameters(1L << 10, Duration.ofSeconds(60), 32, 256,
            128);

    /**
     * The deterministic test generator's parameters: the production ones without the time trigger, so that what a
     * test draws never depends on how long it ran (counter-triggered reseeds are reproducible and stay).
     */
    public static final Sm3RngParameters DETERMINISTIC = new Sm3RngParameters(GMT_0105.reseedInterval,
            ChronoUnit.FOREVER.getDuration(), GMT_0105.maxBytesPerGenerate, GMT_0105.entropyBits, GMT_0105.nonceBits);

    public Sm3RngParameters {
        Objects.requireNonNull(reseedTime, "reseedTime");
        if (reseedInterval < 1 || reseedInterval > HashDrbg.MAX_RESEED_INTERVAL) {
            throw new IllegalArgumentException("reseed interval must be in [1, 2^48]: " + reseedInterval);
        }
        if (reseedTime.isNegative() || reseedTime.isZero()) {
            throw new IllegalArgumentException("reseed time must be positive: " + reseedTime);
        }
        if (maxBytesPerGenerate < 1 || maxBytesPerGenerate > 32) {
            throw new IllegalArgumentException("one generate call returns 1 to 32 bytes (one SM3 block): "
                    + maxBytesPerGenerate);
        }
        if (entropyBits < 256 || nonceBits < 128) {
            throw new IllegalArgumentException("SP 800-90A needs entropy >= 256 and nonce >= 128 bits at strength 256");
        }
    }
}
