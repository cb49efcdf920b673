package io.gmgw.crypto.random;

import io.gmgw.crypto.core.ModuleContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Builds the module's random bit generator ({@link io.gmgw.crypto.CryptoModule.Options} picks one): the SM3
 * Hash_DRBG of {@link Sm3Rng} behind a {@link ModuleSecureRandom}, seeded either from the operating system or, for
 * tests, from a fixed seed.
 */
public final class Drbgs {
    private static final String LABEL = "gmgw gm-crypto SM3 Hash_DRBG";

    private Drbgs() {
    }

    /**
     * The production generator: entropy from {@link OsEntropySource}, GM/T 0105 parameters, and a personalization
     * string that differs per instantiation (SP 800-90A §8.7.1 recommends one; it is not secret): the label, the
     * process id, and the wall-clock and monotonic times of creation.
     */
    public static SecureRandom production(ModuleContext module) {
        ByteBuffer personalization = ByteBuffer.allocate(LABEL.length() + 3 * Long.BYTES);
        personalization.put(LABEL.getBytes(StandardCharsets.US_ASCII));
        personalization.putLong(ProcessHandle.current().pid());
        personalization.putLong(System.currentTimeMillis());
        personalization.putLong(System.nanoTime());
        return create(module, new OsEntropySource(), Sm3RngParameters.GMT_0105, personalization.array());
    }

    /**
     * A generator for tests: the same Hash_DRBG, instantiated and reseeded from {@code seed} alone
     * ({@link SeedDerivedEntropySource}), without time-triggered reseeds. The same seed gives the same sequence;
     * different seeds give different ones. Never for production use: it has no entropy.
     */
    public static SecureRandom deterministic(ModuleContext module, byte[] seed) {
        return create(module, new SeedDerivedEntropySource(seed), Sm3RngParameters.DETERMINISTIC,
                (LABEL + " deterministic test generator").getBytes(StandardCharsets.US_ASCII));
    }

    static ModuleSecureRandom create(ModuleContext module, EntropySource source, Sm3RngParameters parameters,
                                     byte[] personalization) {
        HealthTestedEntropy entropy = new HealthTestedEntropy(module, source);
        return new ModuleSecureRandom(module, new Sm3Rng(module, entropy, parameters, personalization));
    }
}
