package io.gmgw.crypto.key;

import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.crypto.sm2.Sm2Signer;
import java.util.List;
import java.util.Set;

/**
 * A private key that can be used but not read: everything in gmgw that signs, decrypts or agrees does it through a
 * handle, so that a key in a file, in an HSM or in a smart key is used the same way. Providers are found by URI
 * scheme ({@link KeyProviders}). Handles are thread-safe.
 */
public interface KeyHandle extends Sm2Signer, AutoCloseable {
    /** What a key can do; a token key may lack SM2 decryption or key agreement. */
    enum Capability {
        SIGN, DECRYPT, KEY_EXCHANGE
    }

    @Override
    String description();

    @Override
    Sm2PublicKey publicKey();

    /** The key's certificate followed by its issuers, leaf first; empty when none is known. */
    List<Sm2Certificate> certificateChain();

    Set<Capability> capabilities();

    /**
     * Whether an operation may wait for something other than this process's CPU: a token or HSM, its session pool, a
     * network service. Event-loop code (the TLCP handler) hands such operations to worker threads and runs the others
     * where it is. True unless the handle knows better, so a handle of unknown speed (a wrapper, a new provider) is
     * kept off the event loop.
     */
    default boolean mayBlock() {
        return true;
    }

    @Override
    byte[] sign(byte[] message, byte[] userId);

    /** An SM2 signature with the default user ID {@code 1234567812345678}. */
    default byte[] sign(byte[] message) {
        return sign(message, Sm2.defaultUserId());
    }

    /** SM2 decryption of a ciphertext made to this key. */
    byte[] decrypt(byte[] ciphertext, Sm2CiphertextFormat format);

    /** SM2 decryption of a GM/T 0009 DER ciphertext. */
    default byte[] decrypt(byte[] ciphertext) {
        return decrypt(ciphertext, Sm2CiphertextFormat.DER_C1C3C2);
    }

    /** Starts an SM2 key exchange in which this key is the static key and {@code ownId} its user ID. */
    Sm2KeyExchange keyExchange(Sm2KeyExchange.Role role, byte[] ownId);

    /** Releases the key (wipes software keys, returns token sessions). The handle is unusable afterwards. */
    @Override
    void close();
}
