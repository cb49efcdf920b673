package io.gmgw.crypto.sm4;

import io.gmgw.crypto.InvalidKeyMaterialException;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The expanded SM4 key (GB/T 32907-2016 §7.3, key expansion) held in Bouncy Castle's {@link SM4Engine}: the forward
 * cipher always, the inverse cipher only for the modes that decrypt blocks (ECB, CBC). One per mode object; not
 * thread-safe.
 */
final class Sm4RoundKeys {
    private static final byte[] ZERO_BLOCK = new byte[Sm4.BLOCK_LENGTH];

    private final SM4Engine encryptor = new SM4Engine();
    private final SM4Engine decryptor;
    private boolean destroyed;

    private Sm4RoundKeys(byte[] key, boolean withDecryption) {
        requireValidKey(key);
        init(encryptor, true, key);
        if (withDecryption) {
            decryptor = new SM4Engine();
            init(decryptor, false, key);
        } else {
            decryptor = null;
        }
    }

    /** Forward cipher only: CTR and GCM never run SM4 backwards. */
    static Sm4RoundKeys forwardOnly(byte[] key) {
        return new Sm4RoundKeys(key, false);
    }

    /** Forward and inverse cipher, for ECB and CBC. */
    static Sm4RoundKeys bothDirections(byte[] key) {
        return new Sm4RoundKeys(key, true);
    }

    static void requireValidKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != Sm4.KEY_LENGTH) {
            throw new InvalidKeyMaterialException("an SM4 key is exactly " + Sm4.KEY_LENGTH + " bytes (128 bits), got "
                    + key.length + " bytes");
        }
    }

    void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        encryptor.processBlock(in, inOff, out, outOff);
    }

    void decryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
        decryptor.processBlock(in, inOff, out, outOff);
    }

    /** Throws unless the keys are still there; {@code mode} names the object in the message. */
    void requireLive(String mode) {
        if (destroyed) {
            throw new IllegalStateException(mode + " key has been destroyed; create a new " + mode + " object");
        }
    }

    boolean isDestroyed() {
        return destroyed;
    }

    /**
     * Re-keys both engines with the all-zero key, then runs one block through each so that the engine's working
     * words (which hold the last block processed) are overwritten too.
     */
    void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        byte[] sink = new byte[Sm4.BLOCK_LENGTH];
        init(encryptor, true, ZERO_BLOCK);
        encryptor.processBlock(ZERO_BLOCK, 0, sink, 0);
        if (decryptor != null) {
            init(decryptor, false, ZERO_BLOCK);
            decryptor.processBlock(ZERO_BLOCK, 0, sink, 0);
        }
    }

    /** KeyParameter copies the key; that copy is wiped as soon as the engine has expanded it. */
    private static void init(SM4Engine engine, boolean forEncryption, byte[] key) {
        KeyParameter parameter = new KeyParameter(key);
        try {
            engine.init(forEncryption, parameter);
        } finally {
            Arrays.fill(parameter.getKey(), (byte) 0);
        }
    }
}
