package io.gmgw.ipsec.ike.crypto;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.isakmp.NotifyType;
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
    private boolean destroyed;

    public IsakmpCipher(String algorithm, byte[] key, int blockSize) {
        this.algorithm = algorithm;
        this.key = key.clone();
        this.blockSize = blockSize;
    }

    public int blockSize() {
        return blockSize;
    }

    public byte[] encrypt(byte[] payloads, byte[] iv) {
        int padded = (payloads.length + blockSize - 1) / blockSize * blockSize;
        byte[] plain = Arrays.copyOf(payloads, Math.max(padded, blockSize));
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

    private Cipher cipher(int mode, byte[] iv) throws GeneralSecurityException {
        if (destroyed) {
            throw new IllegalStateException("the ISAKMP SA's key has been destroyed");
        }
        Cipher c = Cipher.getInstance(algorithm + "/CBC/NoPadding");
        c.init(mode, new SecretKeySpec(key, algorithm), new IvParameterSpec(iv));
        return c;
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }
}
