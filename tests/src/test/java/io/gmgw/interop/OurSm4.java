package io.gmgw.interop;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.sm4.Sm4;
import io.gmgw.crypto.sm4.Sm4Gcm;
import java.util.Arrays;

/**
 * gm-crypto's SM4 modes as whole-array calls, the shape of the peers' interfaces (a byte string in, a fresh one out),
 * so the differential suites read as "ours vs theirs". Each call keys a new mode object from {@code module}; the
 * offset-based API itself (placement, in-place work, reuse) is covered by gm-crypto's own unit tests.
 */
final class OurSm4 {
    private final CryptoModule module;

    OurSm4(CryptoModule module) {
        this.module = module;
    }

    byte[] ecbEncrypt(byte[] key, byte[] plaintext) {
        byte[] out = new byte[plaintext.length];
        module.sm4().ecb(key).encrypt(plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    byte[] ecbDecrypt(byte[] key, byte[] ciphertext) {
        byte[] out = new byte[ciphertext.length];
        module.sm4().ecb(key).decrypt(ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }

    /** Unpadded CBC: {@code plaintext} is a multiple of 16 bytes. */
    byte[] cbcEncrypt(byte[] key, byte[] iv, byte[] plaintext) {
        byte[] out = new byte[plaintext.length];
        module.sm4().cbc(key).encrypt(iv, 0, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    byte[] cbcDecrypt(byte[] key, byte[] iv, byte[] ciphertext) {
        byte[] out = new byte[ciphertext.length];
        module.sm4().cbc(key).decrypt(iv, 0, ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }

    byte[] cbcEncryptPkcs7(byte[] key, byte[] iv, byte[] plaintext) {
        byte[] out = new byte[plaintext.length - plaintext.length % Sm4.BLOCK_LENGTH + Sm4.BLOCK_LENGTH];
        int n = module.sm4().cbc(key).encryptPkcs7(iv, 0, plaintext, 0, plaintext.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    /** @throws BadCiphertextException on bad padding or a length that is not a positive multiple of 16 */
    byte[] cbcDecryptPkcs7(byte[] key, byte[] iv, byte[] ciphertext) {
        byte[] out = new byte[Math.max(0, ciphertext.length - 1)];
        int n = module.sm4().cbc(key).decryptPkcs7(iv, 0, ciphertext, 0, ciphertext.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    /** CTR from the 16-byte initial counter block {@code counterBlock}; encryption and decryption alike. */
    byte[] ctr(byte[] key, byte[] counterBlock, byte[] input) {
        byte[] out = new byte[input.length];
        module.sm4().ctr(key).encrypt(counterBlock, 0, input, 0, input.length, out, 0);
        return out;
    }

    /** Ciphertext ‖ 16-byte tag. */
    byte[] gcmSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        byte[] out = new byte[plaintext.length + Sm4Gcm.TAG_LENGTH];
        module.sm4().gcm(key).seal(nonce, aad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /** @throws BadCiphertextException when the tag does not verify (or {@code sealed} is shorter than a tag) */
    byte[] gcmOpen(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) {
        byte[] out = new byte[Math.max(0, sealed.length - Sm4Gcm.TAG_LENGTH)];
        int n = module.sm4().gcm(key).open(nonce, aad, sealed, 0, sealed.length, out, 0);
        return Arrays.copyOf(out, n);
    }
}
