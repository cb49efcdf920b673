package io.gmgw.ipsec.esp;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.sm3.HmacSm3;
import io.gmgw.crypto.sm4.Sm4Cbc;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * SM4-CBC with HMAC-SM3 (GM/T 0022, ipsec.md §5): random 16-byte IV per packet, ICV = the first {@code icv} bytes of
 * HMAC-SM3 over SPI ‖ Seq ‖ IV ‖ ciphertext (the length is the wire profile's, [?]), checked before decrypting. On
 * gm-crypto, whose objects wipe their key schedules and HMAC states on destroy.
 */
final class Sm4CbcHmacCipher implements EspCipher {
    private static final int IV = 16;

    private final int icv;
    private final Sm4Cbc cipher;
    private final HmacSm3 mac;
    private final SecureRandom random;
    private final byte[] tag = new byte[HmacSm3.MAC_LENGTH];
    private final byte[] iv = new byte[IV];

    Sm4CbcHmacCipher(EspTransform transform, boolean encrypting, byte[] encryptionKey, byte[] integrityKey,
            CryptoModule module, SecureRandom random) {
        this.icv = transform.icvLength();
        this.random = random;
        this.cipher = encrypting ? module.sm4().cbcEncryptor(encryptionKey) : module.sm4().cbcDecryptor(encryptionKey);
        this.mac = module.sm3().hmac(integrityKey);
    }

    @Override
    public int seal(byte[] buf, int espOff, int ptLen, int seq) {
        int ivOff = espOff + 8;
        int ctOff = ivOff + IV;
        random.nextBytes(iv);
        System.arraycopy(iv, 0, buf, ivOff, IV);
        cipher.encrypt(buf, ivOff, buf, ctOff, ptLen, buf, ctOff);
        mac.update(buf, espOff, 8 + IV + ptLen);
        mac.doFinal(tag, 0);
        System.arraycopy(tag, 0, buf, ctOff + ptLen, icv);
        return 8 + IV + ptLen + icv;
    }

    @Override
    public int open(byte[] buf, int espOff, int espLen) {
        mac.update(buf, espOff, espLen - icv);
        mac.doFinal(tag, 0);
        if (!org.bouncycastle.util.Arrays.constantTimeAreEqual(icv, tag, 0, buf, espOff + espLen - icv)) {
            return -1;
        }
        int ctOff = espOff + 8 + IV;
        int ctLen = espLen - 8 - IV - icv;
        return cipher.decrypt(buf, espOff + 8, buf, ctOff, ctLen, buf, ctOff);
    }

    @Override
    public void destroy() {
        cipher.destroy();
        mac.destroy();
        Arrays.fill(tag, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return cipher.isDestroyed();
    }
}
