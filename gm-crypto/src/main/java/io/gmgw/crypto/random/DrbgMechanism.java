package io.gmgw.crypto.random;

/**
 * The functions of an SP 800-90A DRBG mechanism (§9: instantiate, reseed, generate, uninstantiate) as
 * {@link Sm3Rng} drives them. {@link HashDrbg} is the one implementation in production; the seam lets tests put a
 * broken mechanism under the module's continuous tests.
 */
interface DrbgMechanism {
    void instantiate(byte[] entropyInput, byte[] nonce, byte[] personalization);

    void reseed(byte[] entropyInput, byte[] additionalInput);

    /** Generates {@code length} bytes; false (nothing written) when a reseed is required first. */
    boolean generate(byte[] out, int offset, int length, byte[] additionalInput);

    long reseedCounter();

    boolean isInstantiated();

    void uninstantiate();
}
