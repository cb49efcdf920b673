package io.gmgw.crypto.random;

import io.gmgw.crypto.core.ModuleContext;
import java.security.DrbgParameters;
import java.security.SecureRandom;
import java.security.SecureRandomParameters;
import java.security.SecureRandomSpi;
import java.util.Objects;

/**
 * The module's {@link SecureRandom}: every call first passes {@link ModuleContext#check()} (so nothing is drawn before
 * the power-on self-tests run or once the module is in error) and then draws from the module's {@link Sm3Rng}.
 *
 * <ul>
 *   <li>{@code nextBytes} (and {@code nextInt}, {@code nextLong}, … built on it) generate without prediction
 *   resistance; {@code nextBytes(bytes, DrbgParameters.nextBytes(strength, pr, additionalInput))} passes additional
 *   input and prediction resistance through (strength up to 256).</li>
 *   <li>{@code generateSeed} is served with prediction resistance: fresh entropy is drawn (and health-tested) first,
 *   as SP 800-90A §9.3 requires before output is used as a seed elsewhere.</li>
 *   <li>{@code setSeed} and {@code reseed} never replace the state: they reseed from the entropy source with the given
 *   bytes as additional input (SP 800-90A §9.2).</li>
 * </ul>
 *
 * <p>Thread-safe: no provider is registered, so {@link SecureRandom} serialises calls to the engine, and
 * {@link Sm3Rng} is itself synchronised.
 */
public final class ModuleSecureRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    /** The name {@link #getAlgorithm()} reports. */
    public static final String ALGORITHM = "SM3-Hash_DRBG";

    ModuleSecureRandom(ModuleContext module, Sm3Rng rng) {
        super(new Engine(module, rng), null);
    }

    @Override
    public String getAlgorithm() {
        return ALGORITHM;
    }

    @Override
    public String toString() {
        return ALGORITHM + " (GM/T 0105 SM3 RNG, SP 800-90A Hash_DRBG)";
    }

    private static final class Engine extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final transient ModuleContext module;
        private final transient Sm3Rng rng;

        Engine(ModuleContext module, Sm3Rng rng) {
            this.module = Objects.requireNonNull(module, "module");
            this.rng = Objects.requireNonNull(rng, "rng");
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            module.check();
            rng.reseed(seed);
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            module.check();
            rng.nextBytes(bytes, null, false);
        }

        @Override
        protected void engineNextBytes(byte[] bytes, SecureRandomParameters params) {
            module.check();
            if (!(params instanceof DrbgParameters.NextBytes next)) {
                throw new IllegalArgumentException("expected DrbgParameters.NextBytes, got " + params);
            }
            if (next.getStrength() > 256) {
                throw new IllegalArgumentException("the SM3 Hash_DRBG has security strength 256, asked for "
                        + next.getStrength());
            }
            rng.nextBytes(bytes, next.getAdditionalInput(), next.getPredictionResistance());
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            module.check();
            if (numBytes < 0) {
                throw new IllegalArgumentException("numBytes must not be negative: " + numBytes);
            }
            byte[] seed = new byte[numBytes];
            rng.nextBytes(seed, null, true);
            return seed;
        }

        @Override
        protected void engineReseed(SecureRandomParameters params) {
            module.check();
            byte[] additional = null;
            if (params instanceof DrbgParameters.Reseed reseed) {
                additional = reseed.getAdditionalInput();
            } else if (params != null) {
                throw new IllegalArgumentException("expected DrbgParameters.Reseed, got " + params);
            }
            rng.reseed(additional);
        }
    }
}
