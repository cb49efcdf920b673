package io.gmgw.crypto.random;

import io.gmgw.crypto.core.CryptoModuleErrorException;
import io.gmgw.crypto.core.ModuleContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Entropy input for the DRBG: raw samples from an {@link EntropySource}, every one of which passes the continuous
 * health tests of NIST SP 800-90B §4.4 — the {@link RepetitionCountTest} (§4.4.1) and the
 * {@link AdaptiveProportionTest} (§4.4.2) — before it is used.
 *
 * <p>Parameters. The false-positive probability is α = 2^-40 per sample, the
 * strictest end of the range SP 800-90B §4.4 allows (2^-20 … 2^-40): at 2^-20 a healthy source would stop a
 * long-running appliance after about a million samples, i.e. within weeks of reseeding every minute; at 2^-40 that is
 * once in some 10^12 samples. The APT window is W = {@value #APT_WINDOW}, SP 800-90B's size for non-binary samples.
 * With the production source's H = 4 bits per byte this gives cutoffs C = 11 (RCT) and C = 78 (APT); the formulas
 * are in {@link RepetitionCountTest} and {@link AdaptiveProportionTest}, checked against SP 800-90B's Table 2 by the
 * unit tests.
 *
 * <p>Start-up. Before the first use the source must pass the same tests over {@value #STARTUP_SAMPLES} consecutive
 * samples, which are then discarded (SP 800-90B §4.3: start-up health tests over at least 1,024 consecutive samples;
 * GM/T 0105-2021 §5.5 asks the same of a software RNG's entropy source).
 *
 * <p>A failure is a failure of the module: it {@link ModuleContext#enterError(String) enters the error state} with
 * the test, cutoff and source in the reason (never a sample value), the samples read are wiped, and the draw throws
 * {@link CryptoModuleErrorException}. A source that cannot be read at all is treated the same way.
 */
public final class HealthTestedEntropy {
    /** −log2 α for the health tests: α = 2^-40. */
    public static final int ALPHA_EXPONENT = 40;
    /** APT window for non-binary (8-bit) samples, SP 800-90B §4.4.2. */
    public static final int APT_WINDOW = 512;
    /** Samples tested and discarded before first use, SP 800-90B §4.3. */
    public static final int STARTUP_SAMPLES = 1024;

    private final ModuleContext module;
    private final EntropySource source;
    private final double minEntropy;
    private final RepetitionCountTest repetitionCount;
    private final AdaptiveProportionTest adaptiveProportion;
    private boolean started;

    public HealthTestedEntropy(ModuleContext module, EntropySource source) {
        this.module = Objects.requireNonNull(module, "module");
        this.source = Objects.requireNonNull(source, "source");
        this.minEntropy = source.minEntropyPerSample();
        this.repetitionCount = new RepetitionCountTest(minEntropy, ALPHA_EXPONENT);
        this.adaptiveProportion = new AdaptiveProportionTest(minEntropy, APT_WINDOW, ALPHA_EXPONENT);
    }

    /** The RCT cutoff in force. */
    public int repetitionCountCutoff() {
        return repetitionCount.cutoff();
    }

    /** The APT cutoff in force. */
    public int adaptiveProportionCutoff() {
        return adaptiveProportion.cutoff();
    }

    /** Samples needed for {@code minEntropyBits} bits of credited min-entropy: ⌈bits / H⌉. */
    public int samplesFor(int minEntropyBits) {
        return (int) Math.ceil(minEntropyBits / minEntropy);
    }

    /**
     * Reads and health-tests enough samples for {@code minEntropyBits} of min-entropy and returns them (the caller
     * wipes them after use).
     *
     * @throws CryptoModuleErrorException when a health test fails or the source cannot be read; the module is then
     *                                    in the error state
     */
    public synchronized byte[] draw(int minEntropyBits) {
        if (!started) {
            byte[] startup = readTested(STARTUP_SAMPLES, "start-up");
            Arrays.fill(startup, (byte) 0);
            started = true;
        }
        return readTested(samplesFor(minEntropyBits), "continuous");
    }

    private byte[] readTested(int count, String phase) {
        byte[] samples = new byte[count];
        try {
            source.read(samples);
        } catch (RuntimeException e) {
            Arrays.fill(samples, (byte) 0);
            throw fail("entropy source " + source.name() + " could not be read: " + e);
        }
        for (byte b : samples) {
            int sample = b & 0xff;
            String failed = null;
            if (!repetitionCount.accept(sample)) {
                failed = String.format(Locale.ROOT, "repetition count test (SP 800-90B 4.4.1): one value repeated %d "
                        + "times in a row", repetitionCount.cutoff());
            } else if (!adaptiveProportion.accept(sample)) {
                failed = String.format(Locale.ROOT, "adaptive proportion test (SP 800-90B 4.4.2): one value %d times "
                        + "in a window of %d", adaptiveProportion.cutoff(), adaptiveProportion.window());
            }
            if (failed != null) {
                Arrays.fill(samples, (byte) 0);
                throw fail(phase + " health test of entropy source " + source.name() + " failed: " + failed
                        + String.format(Locale.ROOT, " (H = %s bits/sample, alpha = 2^-%d)", minEntropy,
                        ALPHA_EXPONENT));
            }
        }
        return samples;
    }

    private CryptoModuleErrorException fail(String reason) {
        module.enterError(reason);
        return CryptoModuleErrorException.inErrorState(module.errorReason(), "no random numbers");
    }
}
