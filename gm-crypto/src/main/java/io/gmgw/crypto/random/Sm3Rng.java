package io.gmgw.crypto.random;

import io.gmgw.crypto.core.CryptoModuleErrorException;
import io.gmgw.crypto.core.ModuleContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The module's random bit generator: the SM3 {@link HashDrbg} seeded from {@link HealthTestedEntropy}, run within
 * the {@link Sm3RngParameters} of GM/T 0105-2021 and watched by the {@link ContinuousRngTest}.
 *
 * <ul>
 *   <li>Instantiation is lazy, at the first request, so building the module reads no entropy; it draws an entropy
 *   input and a nonce (SP 800-90A §10.1.1.2) and then discards one block to prime the continuous test
 *   (FIPS 140-2 §4.9.2).</li>
 *   <li>A request is served in generate calls of at most 32 bytes (GM/T 0105). Before each call the generator
 *   reseeds when the reseed counter has passed its interval or the reseed time has elapsed on the module's
 *   {@link Clock} (or the clock went backwards); a request with prediction resistance reseeds first (SP 800-90A
 *   §9.3.1). Additional input goes into the first generate call of the request, or into its reseed.</li>
 *   <li>Every 256-bit block is compared with the previous one; a repeat, like a failed entropy health test, puts
 *   the module in the error state, wipes the DRBG state and throws {@link CryptoModuleErrorException}.</li>
 * </ul>
 *
 * <p>Thread-safe: requests are serialised. Entropy, nonce and blocks are wiped after use.
 */
public final class Sm3Rng {
    private final ModuleContext module;
    private final HealthTestedEntropy entropy;
    private final Sm3RngParameters parameters;
    private final byte[] personalization;
    private final Clock clock;
    private final DrbgMechanism drbg;
    private final ContinuousRngTest continuousTest = new ContinuousRngTest();
    private Instant lastSeeded;
    private long reseeds;

    public Sm3Rng(ModuleContext module, HealthTestedEntropy entropy, Sm3RngParameters parameters,
                  byte[] personalization) {
        this(module, entropy, parameters, personalization, HashDrbg.sm3(parameters.reseedInterval()));
    }

    Sm3Rng(ModuleContext module, HealthTestedEntropy entropy, Sm3RngParameters parameters, byte[] personalization,
           DrbgMechanism drbg) {
        this.module = Objects.requireNonNull(module, "module");
        this.entropy = Objects.requireNonNull(entropy, "entropy");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.personalization = personalization == null ? new byte[0] : personalization.clone();
        this.clock = module.clock();
        this.drbg = drbg;
    }

    /**
     * Fills {@code out} with random bytes.
     *
     * @param additionalInput      optional SP 800-90A additional input (may be null)
     * @param predictionResistance reseed from the entropy source before generating
     */
    public synchronized void nextBytes(byte[] out, byte[] additionalInput, boolean predictionResistance) {
        Objects.requireNonNull(out, "out");
        try {
            byte[] additional = additionalInput;
            if (!drbg.isInstantiated()) {
                instantiate();
            }
            if (predictionResistance) {
                reseedNow(additional);
                additional = null;
            }
            byte[] block = new byte[parameters.maxBytesPerGenerate()];
            for (int done = 0; done < out.length; done += block.length) {
                generateBlock(block, additional);
                additional = null;
                System.arraycopy(block, 0, out, done, Math.min(block.length, out.length - done));
            }
            Arrays.fill(block, (byte) 0);
        } catch (RuntimeException e) {
            uninstantiate();
            throw e;
        }
    }

    /** Reseeds now from the entropy source, mixing in {@code additionalInput} (may be null). */
    public synchronized void reseed(byte[] additionalInput) {
        try {
            if (!drbg.isInstantiated()) {
                instantiate();
            }
            reseedNow(additionalInput);
        } catch (RuntimeException e) {
            uninstantiate();
            throw e;
        }
    }

    /** How many times the generator has reseeded since it was created (instantiation not counted). */
    public synchronized long reseedCount() {
        return reseeds;
    }

    private void instantiate() {
        byte[] entropyInput = entropy.draw(parameters.entropyBits());
        byte[] nonce = entropy.draw(parameters.nonceBits());
        try {
            drbg.instantiate(entropyInput, nonce, personalization);
        } finally {
            Arrays.fill(entropyInput, (byte) 0);
            Arrays.fill(nonce, (byte) 0);
        }
        lastSeeded = clock.instant();
        continuousTest.reset();
        byte[] first = new byte[parameters.maxBytesPerGenerate()];
        generateBlock(first, null);
        Arrays.fill(first, (byte) 0);
    }

    private void generateBlock(byte[] block, byte[] additionalInput) {
        byte[] additional = additionalInput;
        if (reseedDue()) {
            reseedNow(additional);
            additional = null;
        }
        if (!drbg.generate(block, 0, block.length, additional)) {
            throw new IllegalStateException("DRBG refused a request right after a reseed");
        }
        if (!continuousTest.accept(block)) {
            Arrays.fill(block, (byte) 0);
            module.enterError("continuous RNG test (FIPS 140-2 4.9.2) failed: two consecutive "
                    + (8 * block.length) + "-bit DRBG output blocks were equal");
            throw CryptoModuleErrorException.inErrorState(module.errorReason(), "no random numbers");
        }
    }

    private boolean reseedDue() {
        if (drbg.reseedCounter() > parameters.reseedInterval()) {
            return true;
        }
        Duration elapsed = Duration.between(lastSeeded, clock.instant());
        return elapsed.isNegative() || elapsed.compareTo(parameters.reseedTime()) >= 0;
    }

    private void reseedNow(byte[] additionalInput) {
        byte[] entropyInput = entropy.draw(parameters.entropyBits());
        try {
            drbg.reseed(entropyInput, additionalInput);
        } finally {
            Arrays.fill(entropyInput, (byte) 0);
        }
        lastSeeded = clock.instant();
        reseeds++;
    }

    private void uninstantiate() {
        drbg.uninstantiate();
        continuousTest.reset();
    }
}
