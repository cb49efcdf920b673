package io.gmgw.crypto.sm4;

import io.gmgw.crypto.InvalidKeyMaterialException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The expanded SM4 key (GB/T 32907-2016 §7.3, key expansion) held in Bouncy Castle's {@link SM4Engine}s: the forward
 * cipher, the inverse cipher or both, as the mode object needs (CTR and GCM only run SM4 forwards; a CBC object that
 * only encrypts or only decrypts, as each direction of a record layer does, expands one). One per mode object; not
 * thread-safe.
 */
final class Sm4RoundKeys {
    private static final byte[] ZERO_BLOCK = new byte[Sm4.BLOCK_LENGTH];
    /** SM4Engine's private round-key array, or null where Bouncy Castle's package is not open to gm-crypto. */
    private static final VarHandle ROUND_KEYS = roundKeys();

    private final SM4Engine encryptor;
    private final SM4Engine decryptor;
    private boolean destroyed;

    private Sm4RoundKeys(byte[] key, boolean forward, boolean inverse) {
        requireValidKey(key);
        encryptor = forward ? keyed(true, key) : null;
        decryptor = inverse ? keyed(false, key) : null;
    }

    /** Forward cipher only: CTR and GCM never run SM4 backwards. */
    static Sm4RoundKeys forwardOnly(byte[] key) {
        return new Sm4RoundKeys(key, true, false);
    }

    /** Inverse cipher only, for a CBC object that only decrypts. */
    static Sm4RoundKeys inverseOnly(byte[] key) {
        return new Sm4RoundKeys(key, false, true);
    }

    /** Forward and inverse cipher, for ECB and CBC. */
    static Sm4RoundKeys bothDirections(byte[] key) {
        return new Sm4RoundKeys(key, true, true);
    }

    private static SM4Engine keyed(boolean forEncryption, byte[] key) {
        SM4Engine engine = new SM4Engine();
        init(engine, forEncryption, key);
        return engine;
    }

    boolean canEncrypt() {
        return encryptor != null;
    }

    boolean canDecrypt() {
        return decryptor != null;
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
     * Zeroes the engines' round keys in place, then runs one block through each so that the engine's working words
     * (which hold the last block processed) are overwritten too. Bouncy Castle has no way to drop a key: re-keying
     * makes a new round-key array and leaves the old one to the collector, so the array is reached through a private
     * lookup (possible while Bouncy Castle sits on the class path, as gmgw ships it); failing that, the engines are
     * re-keyed with the zero key, which is the most the library allows.
     */
    void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        if (encryptor != null) {
            wipe(encryptor, true);
        }
        if (decryptor != null) {
            wipe(decryptor, false);
        }
    }

    private static void wipe(SM4Engine engine, boolean forEncryption) {
        int[] rk = ROUND_KEYS == null ? null : (int[]) ROUND_KEYS.get(engine);
        if (rk != null) {
            Arrays.fill(rk, 0);
        } else {
            init(engine, forEncryption, ZERO_BLOCK);
        }
        engine.processBlock(ZERO_BLOCK, 0, new byte[Sm4.BLOCK_LENGTH], 0);
    }

    /** Whether {@link #destroy()} can zero the round keys in place (the test requires it where gmgw runs). */
    static boolean wipesInPlace() {
        return ROUND_KEYS != null;
    }

    private static VarHandle roundKeys() {
        try {
            return MethodHandles.privateLookupIn(SM4Engine.class, MethodHandles.lookup())
                    .findVarHandle(SM4Engine.class, "rk", int[].class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
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
