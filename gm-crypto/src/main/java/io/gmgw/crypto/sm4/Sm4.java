package io.gmgw.crypto.sm4;

import io.gmgw.crypto.core.InvalidKeyMaterialException;
import io.gmgw.crypto.core.ModuleContext;
import java.util.Objects;

/**
 * SM4 (GB/T 32907-2016) and its modes; obtained from {@link io.gmgw.crypto.CryptoModule#sm4()}. Thread-safe: each
 * factory returns a keyed, reusable, non-thread-safe mode object that copies nothing of the key but its expansion
 * (the caller keeps and wipes its own key array). Every factory and every operation of the returned objects first
 * checks that the module is approved.
 */
public final class Sm4 {
    public static final int BLOCK_LENGTH = 16;
    public static final int KEY_LENGTH = 16;

    private final ModuleContext module;

    public Sm4(ModuleContext module) {
        this.module = Objects.requireNonNull(module, "module");
    }

    /**
     * ECB without padding under a 16-byte key.
     *
     * @throws InvalidKeyMaterialException if the key is not 16 bytes
     */
    public Sm4Ecb ecb(byte[] key) {
        module.check();
        return new Sm4Ecb(module, key);
    }

    /**
     * CBC, unpadded or PKCS#7, under a 16-byte key.
     *
     * @throws InvalidKeyMaterialException if the key is not 16 bytes
     */
    public Sm4Cbc cbc(byte[] key) {
        module.check();
        return new Sm4Cbc(module, Sm4RoundKeys.bothDirections(key));
    }

    /**
     * CBC that only encrypts (its decrypt methods throw {@link IllegalStateException}): half the key expansion and
     * round-key memory of {@link #cbc}, for one direction of a record layer.
     *
     * @throws InvalidKeyMaterialException if the key is not 16 bytes
     */
    public Sm4Cbc cbcEncryptor(byte[] key) {
        module.check();
        return new Sm4Cbc(module, Sm4RoundKeys.forwardOnly(key));
    }

    /**
     * CBC that only decrypts (its encrypt methods throw {@link IllegalStateException}), for the receiving direction of
     * a record layer.
     *
     * @throws InvalidKeyMaterialException if the key is not 16 bytes
     */
    public Sm4Cbc cbcDecryptor(byte[] key) {
        module.check();
        return new Sm4Cbc(module, Sm4RoundKeys.inverseOnly(key));
    }

    /**
     * CTR with a whole-block big-endian counter under a 16-byte key.
     *
     * @throws InvalidKeyMaterialException if the key is not 16 bytes
     */
    public Sm4Ctr ctr(byte[] key) {
        module.check();
        return new Sm4Ctr(module, key);
    }

    /**
     * GCM with 16-byte tags under a 16-byte key.
     *
     * @throws InvalidKeyMaterialException if the key is not 16 bytes
     */
    public Sm4Gcm gcm(byte[] key) {
        module.check();
        return new Sm4Gcm(module, key);
    }

    ModuleContext module() {
        return module;
    }
}
