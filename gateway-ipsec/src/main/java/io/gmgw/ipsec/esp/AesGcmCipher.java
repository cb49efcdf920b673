package io.gmgw.ipsec.esp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 16-byte ICV in ESP (RFC 4106) on the JDK's provider (AES-NI and CLMUL intrinsics): nonce = salt(4) ‖
 * explicit IV(8), AAD = SPI ‖ Seq (32-bit sequence numbers, §5), tag after the ciphertext. The explicit IV is the
 * sequence number, zero-extended: unique per packet under one key since the sequence never cycles (RFC 4106 §3.1
 * allows a counter; Linux's seqiv does the same), and it costs no random bytes.
 */
final class AesGcmCipher implements EspCipher {
    private static final int IV = 8;
    private static final int TAG = 16;

    private final boolean encrypting;
    private final byte[] keyBytes;
    private final SecretKeySpec key;
    private final Cipher cipher;
    private final byte[] nonce = new byte[12];
    private boolean destroyed;

    AesGcmCipher(boolean encrypting, byte[] encryptionKey) {
        this.encrypting = encrypting;
        int keyLength = encryptionKey.length - EspTransform.GCM_SALT_LENGTH;
        this.keyBytes = Arrays.copyOf(encryptionKey, keyLength);
        System.arraycopy(encryptionKey, keyLength, nonce, 0, EspTransform.GCM_SALT_LENGTH);
        try {
            this.key = new SecretKeySpec(keyBytes, "AES");
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES-GCM", e);
        }
    }

    @Override
    public int seal(byte[] buf, int espOff, int ptLen, int seq) {
        int ivOff = espOff + 8;
        Arrays.fill(buf, ivOff, ivOff + 4, (byte) 0);
        EspCipher.writeInt(buf, ivOff + 4, seq);
        System.arraycopy(buf, ivOff, nonce, 4, IV);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
            cipher.updateAAD(buf, espOff, 8);
            int ctOff = ivOff + IV;
            return 8 + IV + cipher.doFinal(buf, ctOff, ptLen, buf, ctOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed on a well-formed packet", e);
        }
    }

    @Override
    public int open(byte[] buf, int espOff, int espLen) {
        int ivOff = espOff + 8;
        System.arraycopy(buf, ivOff, nonce, 4, IV);
        int ctOff = ivOff + IV;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
            cipher.updateAAD(buf, espOff, 8);
            // the provider checks the tag (in constant time) before it releases any plaintext
            return cipher.doFinal(buf, ctOff, espLen - 8 - IV, buf, ctOff);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed on a well-formed packet", e);
        }
    }

    /** Zeroes the key and salt and re-keys the cipher with zeros (see {@link AesCbcHmacCipher#destroy}). */
    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        Arrays.fill(keyBytes, (byte) 0);
        Arrays.fill(nonce, (byte) 0);
        try {
            byte[] fresh = new byte[12];
            fresh[0] = 1; // the JDK refuses to encrypt twice under one key and nonce
            cipher.init(encrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
                    new SecretKeySpec(new byte[keyBytes.length], "AES"), new GCMParameterSpec(TAG * 8, fresh));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot re-key AES-GCM to wipe it", e);
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }
}
