package io.gmgw.ipsec.esp;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CBC (RFC 3602: random 16-byte IV per packet) with HMAC-SHA-256-128 (RFC 4868: 32-byte key, ICV = the first 16
 * bytes of the MAC over SPI ‖ Seq ‖ IV ‖ ciphertext), on the JDK's providers so that AES-NI applies.
 */
final class AesCbcHmacCipher implements EspCipher {
    private static final int IV = 16;

    private final int icv;
    private final boolean encrypting;
    private final byte[] keyBytes;
    private final byte[] macKeyBytes;
    private final SecretKeySpec key;
    private final Cipher cipher;
    private final Mac mac;
    private final SecureRandom random;
    private final byte[] tag = new byte[32];
    private final byte[] iv = new byte[IV];
    private boolean destroyed;

    AesCbcHmacCipher(EspTransform transform, boolean encrypting, byte[] encryptionKey, byte[] integrityKey,
            SecureRandom random) {
        this.icv = transform.icvLength();
        this.encrypting = encrypting;
        this.random = random;
        this.keyBytes = encryptionKey.clone();
        this.macKeyBytes = integrityKey.clone();
        try {
            this.key = new SecretKeySpec(keyBytes, "AES");
            this.cipher = Cipher.getInstance("AES/CBC/NoPadding");
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKeyBytes, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES-CBC or HMAC-SHA-256", e);
        }
    }

    @Override
    public int seal(byte[] buf, int espOff, int ptLen, int seq) {
        int ivOff = espOff + 8;
        int ctOff = ivOff + IV;
        random.nextBytes(iv);
        System.arraycopy(iv, 0, buf, ivOff, IV);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            cipher.doFinal(buf, ctOff, ptLen, buf, ctOff);
            mac.update(buf, espOff, 8 + IV + ptLen);
            mac.doFinal(tag, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC/HMAC-SHA-256 failed on a well-formed packet", e);
        }
        System.arraycopy(tag, 0, buf, ctOff + ptLen, icv);
        return 8 + IV + ptLen + icv;
    }

    @Override
    public int open(byte[] buf, int espOff, int espLen) {
        int ctLen = espLen - 8 - IV - icv;
        int ctOff = espOff + 8 + IV;
        try {
            mac.update(buf, espOff, espLen - icv);
            mac.doFinal(tag, 0);
            // RFC 4303 §3.4.4: the ICV first, compared without an early exit
            if (!org.bouncycastle.util.Arrays.constantTimeAreEqual(icv, tag, 0, buf, espOff + espLen - icv)) {
                return -1;
            }
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(buf, espOff + 8, IV));
            return cipher.doFinal(buf, ctOff, ctLen, buf, ctOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC/HMAC-SHA-256 failed on an authenticated packet", e);
        }
    }

    /**
     * Zeroes our copies of the keys and re-keys the cipher and the MAC with zeros, which overwrites the AES key
     * schedule and the HMAC pads they hold. (The JDK's SecretKeySpec keeps a copy it cannot be asked to wipe.)
     */
    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        Arrays.fill(keyBytes, (byte) 0);
        Arrays.fill(macKeyBytes, (byte) 0);
        Arrays.fill(tag, (byte) 0);
        try {
            cipher.init(encrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
                    new SecretKeySpec(new byte[keyBytes.length], "AES"), new IvParameterSpec(new byte[IV]));
            mac.init(new SecretKeySpec(new byte[macKeyBytes.length], "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot re-key AES/HMAC to wipe them", e);
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }
}
