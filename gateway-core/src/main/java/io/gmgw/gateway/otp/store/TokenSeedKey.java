package io.gmgw.gateway.otp.store;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.key.Sm4KeyHandle;
import io.gmgw.crypto.sm4.Sm4;
import io.gmgw.crypto.sm4.Sm4Gcm;
import io.gmgw.gateway.GatewayException;
import java.util.Arrays;

/**
 * A seed key that stays in a token or HSM ({@link Sm4KeyHandle}, e.g. {@code pkcs11:...;type=secret-key}). Tokens
 * offer SM4-ECB, not SM4-GCM, so each seal draws a fresh 16-byte value N from the module's DRBG, has the token
 * encrypt it into a one-time key DK = SM4_K(N) (SM4 as a pseudo-random function), and seals the seed with SM4-GCM
 * under DK on the host, the token's context as additional data; DK is wiped at once. The sealed form is version 2
 * (one byte) ‖ N ‖ ciphertext ‖ 16-byte tag; DK is used once, so the GCM nonce is fixed (zero). Without the token
 * no DK can be computed and no seed opens. Thread-safe.
 */
public final class TokenSeedKey implements SeedKey {
    static final byte VERSION = 2;
    private static final byte[] NONCE = new byte[Sm4Gcm.NONCE_LENGTH];

    private final CryptoModule module;
    private final Sm4KeyHandle key;

    public TokenSeedKey(CryptoModule module, Sm4KeyHandle key) {
        this.module = module;
        this.key = key;
    }

    @Override
    public byte[] seal(byte[] seed, byte[] context) {
        byte[] n = new byte[Sm4.BLOCK_LENGTH];
        module.random().nextBytes(n);
        byte[] out = new byte[1 + n.length + seed.length + Sm4Gcm.TAG_LENGTH];
        out[0] = VERSION;
        System.arraycopy(n, 0, out, 1, n.length);
        Sm4Gcm gcm = gcm(n);
        try {
            gcm.seal(NONCE, 0, NONCE.length, context, 0, context.length, seed, 0, seed.length, out, 1 + n.length);
        } finally {
            gcm.destroy();
        }
        return out;
    }

    @Override
    public byte[] open(byte[] sealed, byte[] context) {
        int header = 1 + Sm4.BLOCK_LENGTH;
        if (sealed.length < header + Sm4Gcm.TAG_LENGTH || sealed[0] != VERSION) {
            throw new GatewayException(GatewayException.Kind.POLICY, "a sealed token seed is not sealed under a token"
                    + " key (format " + (sealed.length == 0 ? "none" : sealed[0]) + "; 1 is a file: key)");
        }
        byte[] seed = new byte[sealed.length - header - Sm4Gcm.TAG_LENGTH];
        Sm4Gcm gcm = gcm(Arrays.copyOfRange(sealed, 1, header));
        try {
            gcm.open(NONCE, 0, NONCE.length, context, 0, context.length, sealed, header, sealed.length - header, seed,
                    0);
            return seed;
        } catch (BadCiphertextException e) {
            throw new GatewayException(GatewayException.Kind.POLICY, "a token seed does not open under "
                    + key.description() + " (another seed key, or a seed file copied from another token)", e);
        } finally {
            gcm.destroy();
        }
    }

    /** SM4-GCM under DK = SM4_K(n), computed by the token; DK itself is wiped before this returns. */
    private Sm4Gcm gcm(byte[] n) {
        byte[] dk = key.encryptBlocks(n);
        try {
            if (dk.length != Sm4.KEY_LENGTH) {
                throw new GatewayException(GatewayException.Kind.RESOURCE, key.description() + " returned "
                        + dk.length + " bytes for one SM4 block");
            }
            return module.sm4().gcm(dk);
        } finally {
            Arrays.fill(dk, (byte) 0);
        }
    }

    @Override
    public String description() {
        return key.description();
    }

    @Override
    public void close() {
        key.close();
    }
}
