package io.gmgw.interop;

import com.tencent.kona.crypto.KonaCryptoProvider;
import com.tencent.kona.crypto.spec.SM2PrivateKeySpec;
import com.tencent.kona.crypto.spec.SM2PublicKeySpec;
import com.tencent.kona.crypto.spec.SM2SignatureParameterSpec;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tencent's kona-crypto 1.0.19 (pure Java) as a differential peer, through its JCA provider. The provider object is
 * passed to every {@code getInstance} call and never installed: no process-wide provider list changes. What its API
 * turned out to be, read from the jar:
 * <ul>
 * <li>{@code KonaCryptoProvider} registers the pure-Java classes of {@code com.tencent.kona.crypto.provider} (its
 * {@code nativeImpl} package, bound to a bundled OpenSSL, is not used by it).
 * <li>Keys: {@code KeyFactory "SM2"} with {@link SM2PublicKeySpec} (the 65-byte {@code 04 ‖ x ‖ y}) and
 * {@link SM2PrivateKeySpec} (the scalar); its public keys report format {@code RAW} and encode as {@code 04 ‖ x ‖ y}.
 * <li>{@code Signature "SM2"} (alias {@code SM3withSM2}): the signer's public key and the user ID go in a
 * {@link SM2SignatureParameterSpec} ({@code (id, publicKey)}, or {@code (publicKey)} for the default
 * {@code 1234567812345678}), set before init; signatures are DER {@code SEQUENCE { r, s }}.
 * <li>{@code Cipher "SM2"}: emits GM/T 0009 DER C1C3C2 ({@code SEQUENCE { x, y, hash, cipherText }}) and accepts only
 * that; a raw {@code 04 ‖ C1 ‖ C3 ‖ C2} is rejected ("Decode SM2 ciphertext failed"). It does not check the tags of
 * the four elements (see {@code KonaSm2EncryptionInteropTest#konaIgnoresTheElementTagsOfTheCiphertext}). Its
 * {@code com.tencent.kona.crypto.util.SM2Ciphertext} converts between DER and the raw orders.
 * <li>{@code MessageDigest "SM3"}, {@code Mac "HmacSM3"} (key as a {@code SecretKeySpec}, which cannot be empty).
 * <li>{@code Cipher "SM4"} with modes {@code ECB|CBC|CTR|GCM} and paddings {@code NOPADDING|PKCS7PADDING} (its
 * service attributes), key as a 16-byte {@code SecretKeySpec}. PKCS#7 is registered under that name only:
 * {@code SM4/CBC/PKCS5Padding}, the name SunJCE uses for AES, is refused ({@code NoSuchPaddingException}; see
 * {@code KonaSm4InteropTest#konaNamesItsPaddingPkcs7Padding}). CBC and CTR take a 16-byte {@code IvParameterSpec}; CTR
 * counts over the whole 128-bit block. With PKCS7Padding it decrypts an empty ciphertext to an empty plaintext (see
 * {@code KonaSm4InteropTest#konaDecryptsAnEmptyPkcs7CiphertextToNothing}).
 * <li>{@code Cipher "SM4/GCM/NoPadding"}: a {@code GCMParameterSpec} with the tag length in bits and any non-empty
 * nonce (other lengths than 12 bytes are hashed into J0); AAD through {@code updateAAD}; output ciphertext ‖ tag; a
 * forgery is an {@code AEADBadTagException}. Like SunJCE it refuses to encrypt twice under the same key and nonce with
 * one {@code Cipher} object, so each call here gets a fresh one.
 * </ul>
 */
final class KonaPeer {
    private final Provider provider = new KonaCryptoProvider();
    private final SecureRandom random;

    /** {@code random} feeds Kona's key generation, signature nonces and encryption k, so cases reproduce. */
    KonaPeer(SecureRandom random) {
        this.random = random;
    }

    Provider provider() {
        return provider;
    }

    byte[] sm3(byte[] message) throws GeneralSecurityException {
        return MessageDigest.getInstance("SM3", provider).digest(message);
    }

    byte[] hmacSm3(byte[] key, byte[] message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSM3", provider);
        mac.init(new SecretKeySpec(key, "HmacSM3"));
        return mac.doFinal(message);
    }

    /**
     * SM4 under {@code transformation} ({@code "SM4/CBC/PKCS7Padding"}, …) in one {@code doFinal}; {@code opmode} is
     * {@link Cipher#ENCRYPT_MODE} or {@link Cipher#DECRYPT_MODE}, {@code iv} the IV or initial counter block, or null
     * for ECB.
     */
    byte[] sm4(String transformation, int opmode, byte[] key, byte[] iv, byte[] input) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(transformation, provider);
        SecretKeySpec k = new SecretKeySpec(key, "SM4");
        if (iv == null) {
            c.init(opmode, k);
        } else {
            c.init(opmode, k, new IvParameterSpec(iv));
        }
        return c.doFinal(input);
    }

    /** SM4-GCM with a 128-bit tag: ciphertext ‖ tag. */
    byte[] sm4GcmSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) throws GeneralSecurityException {
        return sm4Gcm(Cipher.ENCRYPT_MODE, key, nonce, aad, plaintext);
    }

    /** Opens ciphertext ‖ 128-bit tag; a tag that does not verify is an {@code AEADBadTagException}. */
    byte[] sm4GcmOpen(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) throws GeneralSecurityException {
        return sm4Gcm(Cipher.DECRYPT_MODE, key, nonce, aad, sealed);
    }

    private byte[] sm4Gcm(int opmode, byte[] key, byte[] nonce, byte[] aad, byte[] input)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("SM4/GCM/NoPadding", provider);
        c.init(opmode, new SecretKeySpec(key, "SM4"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(input);
    }

    KeyPair generateKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("SM2", provider);
        g.initialize(256, random);
        return g.generateKeyPair();
    }

    ECPublicKey publicKey(Sm2PublicKey ours) throws GeneralSecurityException {
        return (ECPublicKey) KeyFactory.getInstance("SM2", provider).generatePublic(new SM2PublicKeySpec(ours.encoded()));
    }

    PrivateKey privateKey(Sm2PrivateKey ours) throws GeneralSecurityException {
        return KeyFactory.getInstance("SM2", provider).generatePrivate(new SM2PrivateKeySpec(ours.scalarBytes()));
    }

    /** Kona's public key as gm-crypto's, from the affine coordinates (not from Kona's own encoding). */
    static Sm2PublicKey toOurs(ECPublicKey kona) {
        byte[] encoded = new byte[65];
        encoded[0] = 0x04;
        put32(kona.getW().getAffineX(), encoded, 1);
        put32(kona.getW().getAffineY(), encoded, 33);
        return Sm2PublicKey.fromEncoded(encoded);
    }

    static Sm2PrivateKey toOurs(ECPrivateKey kona) {
        byte[] scalar = new byte[32];
        put32(kona.getS(), scalar, 0);
        return Sm2PrivateKey.fromScalar(scalar);
    }

    byte[] sign(PrivateKey key, ECPublicKey publicKey, byte[] userId, byte[] message) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SM2", provider);
        s.setParameter(userId == null ? new SM2SignatureParameterSpec(publicKey)
                : new SM2SignatureParameterSpec(userId, publicKey));
        s.initSign(key, random);
        s.update(message);
        return s.sign();
    }

    /** Verifies; {@code userId} null means Kona's default ID. A signature Kona cannot parse counts as invalid. */
    boolean verify(ECPublicKey key, byte[] userId, byte[] message, byte[] signature) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SM2", provider);
        s.setParameter(userId == null ? new SM2SignatureParameterSpec(key) : new SM2SignatureParameterSpec(userId, key));
        s.initVerify(key);
        s.update(message);
        try {
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }

    byte[] encrypt(ECPublicKey key, byte[] plaintext) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("SM2", provider);
        c.init(Cipher.ENCRYPT_MODE, key, random);
        return c.doFinal(plaintext);
    }

    byte[] decrypt(PrivateKey key, byte[] ciphertext) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("SM2", provider);
        c.init(Cipher.DECRYPT_MODE, key);
        return c.doFinal(ciphertext);
    }

    private static void put32(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, off + 32 - n, n);
    }
}
