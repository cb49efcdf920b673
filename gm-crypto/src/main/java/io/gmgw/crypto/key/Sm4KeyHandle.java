package io.gmgw.crypto.key;

/**
 * An SM4 secret key that never leaves where it lives (a PKCS#11 token, an HSM): the caller hands it blocks and gets
 * them back encrypted. Used where a secret must be sealed under a key the host cannot read, such as the seeds of
 * dynamic tokens. Opened by URI through {@link KeyProviders#openSm4}. Implementations are thread-safe.
 */
public interface Sm4KeyHandle extends AutoCloseable {
    /**
     * SM4-ECB of {@code blocks} (a non-empty multiple of 16 bytes) under this key.
     *
     * @throws io.gmgw.crypto.core.GmCryptoException or a provider's runtime exception when the key cannot be used
     *     (its token removed, its PIN refused); never a result computed without the key
     */
    byte[] encryptBlocks(byte[] blocks);

    /** Where the key is, for messages and audit records (no PIN). */
    String description();

    @Override
    void close();
}
