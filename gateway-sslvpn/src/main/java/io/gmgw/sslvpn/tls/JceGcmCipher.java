package io.gmgw.sslvpn.tls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;

/**
 * One direction of a TLS connection's AES-GCM, over one JCE {@link Cipher} that is initialised per record with a
 * {@link GCMParameterSpec}. Bouncy Castle's own {@code JceAEADCipherImpl} does the same work through a new
 * {@code AlgorithmParameters} per record (a provider look-up, an ASN.1-free round trip through the parameters
 * object, then the cipher converting it back): with one record per tunnel packet that was a measurable part of the
 * gateway's CPU per MB (docs/benchmarks.md). The cipher itself stays the JCE's (the JDK's AES-GCM with its
 * intrinsics, {@link JdkFirstJcaJceHelper}); nothing here encrypts by hand.
 */
final class JceGcmCipher implements TlsAEADCipherImpl {
    private final Cipher cipher;
    private final int mode;
    private final String keyAlgorithm;
    private final int keySize;
    private final SecureRandom random;
    private SecretKey key;

    JceGcmCipher(Cipher cipher, String keyAlgorithm, int keySize, boolean encrypting, SecureRandom random) {
        this.cipher = cipher;
        this.mode = encrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
        this.keyAlgorithm = keyAlgorithm;
        this.keySize = keySize;
        this.random = random;
    }

    @Override
    public void setKey(byte[] k, int off, int len) {
        if (len != keySize) {
            throw new IllegalStateException("a " + keyAlgorithm + " key of " + keySize + " bytes was expected, not "
                    + len);
        }
        key = new SecretKeySpec(k, off, len, keyAlgorithm);
    }

    @Override
    public void init(byte[] nonce, int macSize) {
        try {
            cipher.init(mode, key, new GCMParameterSpec(macSize * 8, nonce), random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public int getOutputSize(int inputLength) {
        return cipher.getOutputSize(inputLength);
    }

    @Override
    public int doFinal(byte[] additionalData, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        if (additionalData != null && additionalData.length > 0) {
            cipher.updateAAD(additionalData);
        }
        try {
            return cipher.doFinal(in, inOff, inLen, out, outOff);
        } catch (GeneralSecurityException e) {
            // As Bouncy Castle's own implementation: its TlsAEADCipher turns this into bad_record_mac.
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
