package io.gmgw.crypto.random;

import io.gmgw.crypto.core.GmCryptoException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The production entropy source: the operating system's random device, read through the JDK's
 * {@code NativePRNGNonBlocking} and its {@link SecureRandom#generateSeed(int)}.
 *
 * <p>Why this one. On Linux (gmgw's appliance) {@code NativePRNGNonBlocking.generateSeed} reads {@code /dev/urandom}
 * directly, whereas its {@code nextBytes} (and the default {@code NativePRNG}) XOR the device with an in-JVM
 * SHA1PRNG, which we do not want between the kernel and our health tests. The non-blocking variant never stalls
 * start-up the way {@code /dev/random} did on kernels before 5.6, and asking for it by name fails loudly where no
 * such device exists instead of silently falling back to another algorithm. The kernel CRNG it reads is seeded
 * from the platform's hardware noise (interrupt timing, RDRAND/RDSEED where present, jitter); the appliance image
 * must start gmgw only once that CRNG is initialised (on current kernels, early in boot).
 *
 * <p>Assessed min-entropy. The device's output is the conditioned output of the kernel's CRNG: we cannot run an
 * SP 800-90B assessment on the raw noise behind it, so we do not credit the nominal 8 bits per byte. We credit
 * {@value #MIN_ENTROPY_PER_SAMPLE} bits per byte, a factor-2 margin: a 256-bit seed reads 64 bytes (512 bits), the
 * entropy-input length GM/T 0105-2021's SM3 RNG example uses for a reseed. The health tests' false-positive rate is
 * then at most α for any source at least this good.
 */
public final class OsEntropySource implements EntropySource {
    /** The JCA name of the source. */
    public static final String ALGORITHM = "NativePRNGNonBlocking";
    /** Credited min-entropy per byte of device output (see the class comment). */
    public static final double MIN_ENTROPY_PER_SAMPLE = 4.0;

    private final SecureRandom device;

    public OsEntropySource() {
        try {
            this.device = SecureRandom.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new GmCryptoException("the operating system entropy source " + ALGORITHM
                    + " is not available on this platform; gmgw needs a Unix-like system with /dev/urandom", e);
        }
    }

    @Override
    public double minEntropyPerSample() {
        return MIN_ENTROPY_PER_SAMPLE;
    }

    @Override
    public void read(byte[] samples) {
        byte[] fresh = device.generateSeed(samples.length);
        System.arraycopy(fresh, 0, samples, 0, samples.length);
        Arrays.fill(fresh, (byte) 0);
    }

    @Override
    public String name() {
        return "os:" + ALGORITHM;
    }
}
