package io.gmgw.ipsec.ike.crypto;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.crypto.sm4.Sm4;
import io.gmgw.crypto.sm4.Sm4Cbc;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;

/**
 * The CBC cipher of an ISAKMP SA (RFC 2409 appendix B): the payload chain is zero-padded to the block size (RFC 2408
 * §3.1 leaves the padding's value open; strongSwan pads with zeros too) and encrypted with the IV of the exchange's
 * chain; the last ciphertext block is the next IV, which callers take with {@link #lastBlock}. Owns its key copy.
 */
public final class IsakmpCipher implements Destroyable {
    private final String algorithm;
    private final byte[] key;
    private final int blockSize;
    /** SM4-CBC in gm-crypto's module (GM profile); null for a JCA cipher. */
    private final Sm4Cbc sm4;
    private boolean destroyed;

    public IsakmpCipher(String algorithm, byte[] key, int blockSize) {
        this.algorithm = algorithm;
        this.key = key.clone();
        this.blockSize = blockSize;
        this.sm4 = null;
    }

    private IsakmpCipher(Sm4 sm4, byte[] key) {
        this.algorithm = "SM4";
        this.key = key.clone();
        this.blockSize = Sm4.BLOCK_LENGTH;
        this.sm4 = sm4.cbc(this.key);
    }

    /** SM4-CBC (phase-1 cipher 129, ipsec.md §3) through gm-crypto's module, so its self-tests and state apply. */
    public static IsakmpCipher sm4(Sm4 sm4, byte[] key) {
        return new IsakmpCipher(sm4, key);
    }

    public int blockSize() {
        return blockSize;
    }

    public byte[] encrypt(byte[] payloads, byte[] iv) {
        int padded = (payloads.length + blockSize - 1) / blockSize * blockSize;
        byte[] plain = Arrays.copyOf(payloads, Math.max(padded, blockSize));
        if (sm4 != null) {
            try {
                live();
                byte[] out = new byte[plain.length];
                synchronized (sm4) { // gm-crypto's mode objects are not thread-safe
                    sm4.encrypt(iv, 0, plain, 0, plain.length, out, 0);
                }
                return out;
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }
        try {
            return cipher(Cipher.ENCRYPT_MODE, iv).doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + "-CBC encryption failed: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Decrypts a whole message body; a length that is not a multiple of the block is PAYLOAD-MALFORMED. */
    public byte[] decrypt(byte[] ciphertext, byte[] iv) {
        if (ciphertext.length == 0 || ciphertext.length % blockSize != 0) {
            throw new IkeNotifyException(NotifyType.PAYLOAD_MALFORMED, "encrypted body of " + ciphertext.length
                    + " bytes is not a whole number of " + blockSize + "-byte blocks");
        }
        if (sm4 != null) {
            live();
            byte[] out = new byte[ciphertext.length];
            synchronized (sm4) {
                sm4.decrypt(iv, 0, ciphertext, 0, ciphertext.length, out, 0);
            }
            return out;
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, iv).doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + "-CBC decryption failed: " + e.getMessage(), e);
        }
    }

    /** The last block of a ciphertext: the IV of the next message in the same chain. */
    public byte[] lastBlock(byte[] ciphertext) {
        return Arrays.copyOfRange(ciphertext, ciphertext.length - blockSize, ciphertext.length);
    }

    private void live() {
        if (destroyed) {
            throw new IllegalStateException("the ISAKMP SA's key has been destroyed");
        }
    }

    private Cipher cipher(int mode, byte[] iv) throws GeneralSecurityException {
        live();
        Cipher c = Cipher.getInstance(algorithm + "/CBC/NoPadding");
        c.init(mode, new SecretKeySpec(key, algorithm), new IvParameterSpec(iv));
        return c;
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
        if (sm4 != null) {
            sm4.destroy();
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }
}
