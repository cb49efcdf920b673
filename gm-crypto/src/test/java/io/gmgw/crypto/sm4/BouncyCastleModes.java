package io.gmgw.crypto.sm4;

import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/** Bouncy Castle's stock modes over its SM4 engine: the independent reference of the cross-checks. */
final class BouncyCastleModes {
    private BouncyCastleModes() {
    }

    static byte[] cbc(boolean encrypt, byte[] key, byte[] iv, byte[] in) {
        return run(new BufferedBlockCipher(CBCBlockCipher.newInstance(new SM4Engine())), encrypt, key, iv, in);
    }

    static byte[] cbcPkcs7(boolean encrypt, byte[] key, byte[] iv, byte[] in) {
        return run(new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(new SM4Engine()), new PKCS7Padding()),
                encrypt, key, iv, in);
    }

    static byte[] ctr(byte[] key, byte[] counterBlock, byte[] in) {
        return run(new BufferedBlockCipher(SICBlockCipher.newInstance(new SM4Engine())), true, key, counterBlock, in);
    }

    /** GCM with a 128-bit tag; the sealed form is ciphertext followed by tag, as Sm4Gcm writes it. */
    static byte[] gcm(boolean seal, byte[] key, byte[] nonce, byte[] aad, byte[] in) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
        gcm.init(seal, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] out = new byte[gcm.getOutputSize(in.length)];
        int n = gcm.processBytes(in, 0, in.length, out, 0);
        try {
            n += gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("Bouncy Castle rejected the ciphertext", e);
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static byte[] run(BufferedBlockCipher cipher, boolean encrypt, byte[] key, byte[] iv, byte[] in) {
        cipher.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[cipher.getOutputSize(in.length)];
        int n = cipher.processBytes(in, 0, in.length, out, 0);
        try {
            n += cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("Bouncy Castle rejected the ciphertext", e);
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
