package io.gmgw.gateway.otp.store;

/**
 * The SM4 key token seeds are sealed under, so that no seed is ever stored in the clear. The production key lives in
 * a PKCS#11 token or HSM and never leaves it (a PKCS#11 implementation of this interface belongs to pkcs11-bridge);
 * {@link Sm4SeedKey} is the software key of a {@code file:} key for the demo and tests.
 *
 * <p>{@code context} binds a sealed seed to its token (the store passes the serial): a seed copied into another
 * token's file does not open.
 */
public interface SeedKey extends AutoCloseable {
    /** The seed sealed (encrypted and authenticated) under this key, bound to {@code context}. */
    byte[] seal(byte[] seed, byte[] context);

    /**
     * The seed of {@code sealed}; the caller wipes it after use.
     *
     * @throws io.gmgw.gateway.GatewayException (kind POLICY) if it was not sealed under this key with this context
     */
    byte[] open(byte[] sealed, byte[] context);

    /** Where the key is, for messages and audit records (never the key). */
    String description();

    /** Wipes the key material this object holds, if any. */
    @Override
    void close();
}
