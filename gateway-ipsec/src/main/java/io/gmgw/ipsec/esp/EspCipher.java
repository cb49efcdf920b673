package io.gmgw.ipsec.esp;

import io.gmgw.crypto.CryptoModule;
import java.security.SecureRandom;
import javax.security.auth.Destroyable;

/**
 * One direction's keyed ESP protection, working in place on a packet buffer laid out as RFC 4303 §2 draws it:
 * SPI(4) ‖ Seq(4) ‖ IV ‖ encrypted payload ‖ ICV. Not thread-safe: each SA direction owns one, used under its lock.
 */
interface EspCipher extends Destroyable {
    /**
     * Writes the IV, encrypts {@code ptLen} bytes (payload, padding and trailer, already aligned) that start after the
     * IV, and appends the ICV; SPI and Seq are in place. Returns the packet's length.
     */
    int seal(byte[] buf, int espOff, int ptLen, int seq);

    /**
     * Checks the ICV over {@code buf[espOff, espOff + espLen)} in constant time and only then decrypts in place; the
     * plaintext starts after the IV. Returns its length, or -1 when the ICV does not verify (nothing decrypted).
     */
    int open(byte[] buf, int espOff, int espLen);

    @Override
    void destroy();

    /** A cipher for {@code transform}, keyed with KEYMAT's encryption part (key, plus salt for GCM) and integrity key. */
    static EspCipher create(EspTransform transform, boolean encrypting, byte[] encryptionKey, byte[] integrityKey,
            CryptoModule module, SecureRandom random) {
        if (encryptionKey.length != transform.encryptionKeyMaterialLength()
                || integrityKey.length != transform.integrityKeyLength()) {
            throw new IllegalArgumentException(transform.describe() + " needs " + transform
                    .encryptionKeyMaterialLength() + " bytes of encryption key and " + transform.integrityKeyLength()
                    + " of integrity key, not " + encryptionKey.length + " and " + integrityKey.length);
        }
        return switch (transform.algorithm()) {
            case AES_CBC_HMAC_SHA256 -> new AesCbcHmacCipher(transform, encrypting, encryptionKey, integrityKey,
                    random);
            case AES_GCM_16 -> new AesGcmCipher(encrypting, encryptionKey);
            case SM4_CBC_HMAC_SM3 -> new Sm4CbcHmacCipher(transform, encrypting, encryptionKey, integrityKey,
                    requireModule(module), random);
            case SM4_GCM_16 -> new Sm4GcmCipher(encryptionKey, requireModule(module));
        };
    }

    private static CryptoModule requireModule(CryptoModule module) {
        if (module == null) {
            throw new IllegalArgumentException("SM4 and SM3 need gm-crypto's CryptoModule");
        }
        return module;
    }

    /** The 4-byte big-endian value at {@code buf[at]}. */
    static int readInt(byte[] buf, int at) {
        return (buf[at] & 0xff) << 24 | (buf[at + 1] & 0xff) << 16 | (buf[at + 2] & 0xff) << 8 | buf[at + 3] & 0xff;
    }

    static void writeInt(byte[] buf, int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }
}
