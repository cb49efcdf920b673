package io.gmgw.crypto.key;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A key held in the process's memory (loaded from a file, or just generated): every operation runs in the crypto
 * module, and {@link #close()} wipes the scalar. For demos, tests and deployments without a token; production keys
 * belong in an HSM or smart key.
 */
public final class SoftwareKeyHandle implements KeyHandle {
    private final CryptoModule module;
    private final Sm2PrivateKey key;
    private final List<Sm2Certificate> chain;
    private final String description;

    public SoftwareKeyHandle(CryptoModule module, Sm2PrivateKey key, List<Sm2Certificate> chain, String description) {
        this.module = Objects.requireNonNull(module, "module");
        this.key = Objects.requireNonNull(key, "key");
        this.chain = List.copyOf(chain);
        this.description = Objects.requireNonNull(description, "description");
        if (!this.chain.isEmpty() && !this.chain.get(0).publicKey().equals(key.publicKey())) {
            throw new KeyLoadException(KeyLoadException.Reason.INCONSISTENT, "certificate " + this.chain.get(0)
                    + " does not belong to the key " + description + " (their public keys differ)");
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Sm2PublicKey publicKey() {
        return key.publicKey();
    }

    @Override
    public List<Sm2Certificate> certificateChain() {
        return chain;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    /** An SM2 operation in memory takes a fraction of a millisecond of CPU and waits for nothing. */
    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public byte[] sign(byte[] message, byte[] userId) {
        return module.sm2().sign(key, message, userId);
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, Sm2CiphertextFormat format) {
        return module.sm2().decrypt(key, ciphertext, format);
    }

    @Override
    public Sm2KeyExchange keyExchange(Sm2KeyExchange.Role role, byte[] ownId) {
        return module.sm2().keyExchange(role, key, ownId);
    }

    @Override
    public void close() {
        key.destroy();
    }

    @Override
    public String toString() {
        return "SoftwareKeyHandle[" + description + "]";
    }
}
