package io.gmgw.ipsec.esp;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.sm4.Sm4Gcm;
import java.util.Arrays;

/**
 * SM4-GCM in ESP as GM/T 0022-2023 describes it (ipsec.md §6 [B]) in the RFC 4106 layout: 16-byte key + 4-byte salt
 * from KEYMAT, nonce = salt ‖ 8-byte explicit IV, AAD = SPI ‖ Seq, 16-byte tag. The explicit IV is the sequence
 * number, as in {@link AesGcmCipher}. gm-crypto's GCM checks the tag before producing any plaintext.
 */
final class Sm4GcmCipher implements EspCipher {
    private static final int IV = 8;

    private final Sm4Gcm gcm;
    private final byte[] nonce = new byte[Sm4Gcm.NONCE_LENGTH];

    Sm4GcmCipher(byte[] encryptionKey, CryptoModule module) {
        byte[] key = Arrays.copyOf(encryptionKey, 16);
        try {
            this.gcm = module.sm4().gcm(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        System.arraycopy(encryptionKey, 16, nonce, 0, EspTransform.GCM_SALT_LENGTH);
    }

    @Override
    public int seal(byte[] buf, int espOff, int ptLen, int seq) {
        int ivOff = espOff + 8;
        Arrays.fill(buf, ivOff, ivOff + 4, (byte) 0);
        EspCipher.writeInt(buf, ivOff + 4, seq);
        System.arraycopy(buf, ivOff, nonce, 4, IV);
        int ctOff = ivOff + IV;
        return 8 + IV + gcm.seal(nonce, 0, nonce.length, buf, espOff, 8, buf, ctOff, ptLen, buf, ctOff);
    }

    @Override
    public int open(byte[] buf, int espOff, int espLen) {
        int ivOff = espOff + 8;
        System.arraycopy(buf, ivOff, nonce, 4, IV);
        int ctOff = ivOff + IV;
        try {
            return gcm.open(nonce, 0, nonce.length, buf, espOff, 8, buf, ctOff, espLen - 8 - IV, buf, ctOff);
        } catch (BadCiphertextException e) {
            return -1;
        }
    }

    @Override
    public void destroy() {
        gcm.destroy();
        Arrays.fill(nonce, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return gcm.isDestroyed();
    }
}
