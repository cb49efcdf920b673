package io.gmgw.crypto.key;

import io.gmgw.crypto.CryptoModule;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Password-based encryption of PKCS#8 keys: PBES2 (RFC 8018 §6.2) with PBKDF2 and a CBC cipher.
 *
 * <p>Read: PBKDF2 with HMAC-SM3 (1.2.156.10197.1.401.2, as GmSSL writes it) or HMAC-SHA-256/384/512, and SM4-CBC
 * (1.2.156.10197.1.104.2) or AES-128/192/256-CBC. Written: {@link Scheme#SM3_SM4} (GM algorithms; GmSSL reads it,
 * OpenSSL 3.0 does not) or {@link Scheme#SHA256_AES256} (what {@code openssl pkcs8 -topk8 -v2 aes256} writes).
 */
final class Pbes2 {
    /** Upper bound on PBKDF2 iterations accepted from a file: a hostile file must not stall the process. */
    static final int MAX_ITERATIONS = 10_000_000;

    private static final ASN1ObjectIdentifier HMAC_SM3 = GMObjectIdentifiers.hmac_sm3;
    private static final ASN1ObjectIdentifier SM4_CBC = GMObjectIdentifiers.sms4_cbc;

    /** What {@code gmgw pki} writes. */
    enum Scheme {
        /** PBKDF2-HMAC-SM3 + SM4-CBC, 16-byte key. */
        SM3_SM4,
        /** PBKDF2-HMAC-SHA256 + AES-256-CBC. */
        SHA256_AES256
    }

    private Pbes2() {
    }

    /** Encrypts a DER PrivateKeyInfo. */
    static EncryptedPrivateKeyInfo encrypt(CryptoModule module, byte[] privateKeyInfo, char[] password, Scheme scheme,
            int iterations) {
        module.check();
        SecureRandom random = module.random();
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        boolean sm = scheme == Scheme.SM3_SM4;
        int keyLength = sm ? 16 : 32;
        AlgorithmIdentifier prf = sm ? new AlgorithmIdentifier(HMAC_SM3)
                : new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE);
        ASN1ObjectIdentifier cipherOid = sm ? SM4_CBC : NISTObjectIdentifiers.id_aes256_CBC;
        // GmSSL writes the key length; OpenSSL leaves it out for AES. Follow each so that each reads ours natively.
        PBKDF2Params kdfParams = sm ? new PBKDF2Params(salt, iterations, keyLength, prf)
                : new PBKDF2Params(salt, iterations, prf);
        PBES2Parameters params = new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, kdfParams),
                new EncryptionScheme(cipherOid, new DEROctetString(iv)));
        byte[] key = derive(password, salt, iterations, keyLength, digestFor(prf.getAlgorithm()));
        try {
            byte[] ct = cbc(true, cipherFor(cipherOid), key, iv, privateKeyInfo);
            return new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, params), ct);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("CBC encryption cannot fail", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Decrypts to the DER PrivateKeyInfo. A padding failure means a wrong password (or a damaged file; the two cannot
     * be told apart) and is reported as {@link KeyLoadException.Reason#WRONG_PASSWORD}.
     */
    static byte[] decrypt(CryptoModule module, EncryptedPrivateKeyInfo info, char[] password, String where) {
        module.check();
        AlgorithmIdentifier alg = info.getEncryptionAlgorithm();
        if (!PKCSObjectIdentifiers.id_PBES2.equals(alg.getAlgorithm())) {
            throw unsupported(where, "key encryption " + alg.getAlgorithm() + " (only PBES2 is read; re-encrypt with "
                    + "'openssl pkcs8 -topk8 -v2 aes256' or gmgw)");
        }
        PBES2Parameters params = PBES2Parameters.getInstance(alg.getParameters());
        if (!PKCSObjectIdentifiers.id_PBKDF2.equals(params.getKeyDerivationFunc().getAlgorithm())) {
            throw unsupported(where, "key derivation " + params.getKeyDerivationFunc().getAlgorithm() + " (only PBKDF2)");
        }
        PBKDF2Params kdf = PBKDF2Params.getInstance(params.getKeyDerivationFunc().getParameters());
        int iterations = kdf.getIterationCount().intValueExact();
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new KeyLoadException(KeyLoadException.Reason.MALFORMED,
                    where + ": PBKDF2 iteration count " + iterations + " is outside 1.." + MAX_ITERATIONS);
        }
        ASN1ObjectIdentifier cipherOid = params.getEncryptionScheme().getAlgorithm();
        BlockCipher cipher = cipherFor(cipherOid);
        if (cipher == null) {
            throw unsupported(where, "key encryption cipher " + cipherOid + " (SM4-CBC and AES-CBC are read)");
        }
        int keyLength = keyLengthFor(cipherOid);
        if (kdf.getKeyLength() != null && kdf.getKeyLength().intValueExact() != keyLength) {
            throw new KeyLoadException(KeyLoadException.Reason.MALFORMED,
                    where + ": PBKDF2 key length " + kdf.getKeyLength() + " does not fit " + cipherOid);
        }
        Digest digest = digestFor(kdf.getPrf().getAlgorithm());
        if (digest == null) {
            throw unsupported(where, "PBKDF2 PRF " + kdf.getPrf().getAlgorithm()
                    + " (HMAC-SM3 and HMAC-SHA-256/384/512 are read)");
        }
        byte[] iv = org.bouncycastle.asn1.ASN1OctetString.getInstance(params.getEncryptionScheme().getParameters())
                .getOctets();
        if (iv.length != 16) {
            throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, where + ": CBC IV must be 16 bytes");
        }
        byte[] key = derive(password, kdf.getSalt(), iterations, keyLength, digest);
        try {
            return cbc(false, cipher, key, iv, info.getEncryptedData());
        } catch (InvalidCipherTextException | IllegalStateException | org.bouncycastle.crypto.DataLengthException e) {
            throw new KeyLoadException(KeyLoadException.Reason.WRONG_PASSWORD, where
                    + ": the password does not decrypt this key (wrong password, or the file is damaged)");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int keyLength, Digest digest) {
        // RFC 8018 leaves the password's encoding open; GmSSL and OpenSSL use its bytes as typed: UTF-8.
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] pw = new byte[encoded.remaining()];
        encoded.get(pw);
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(digest);
            gen.init(pw, salt, iterations);
            return ((KeyParameter) gen.generateDerivedParameters(keyLength * 8)).getKey();
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    private static byte[] cbc(boolean encrypt, BlockCipher engine, byte[] key, byte[] iv, byte[] in)
            throws InvalidCipherTextException {
        PaddedBufferedBlockCipher c = new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(engine));
        c.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        n += c.doFinal(out, n);
        byte[] result = Arrays.copyOf(out, n);
        Arrays.fill(out, (byte) 0);
        return result;
    }

    private static Digest digestFor(ASN1ObjectIdentifier prf) {
        if (HMAC_SM3.equals(prf)) {
            return new SM3Digest();
        } else if (PKCSObjectIdentifiers.id_hmacWithSHA256.equals(prf)) {
            return new SHA256Digest();
        } else if (PKCSObjectIdentifiers.id_hmacWithSHA384.equals(prf)) {
            return new SHA384Digest();
        } else if (PKCSObjectIdentifiers.id_hmacWithSHA512.equals(prf)) {
            return new SHA512Digest();
        }
        return null;
    }

    private static BlockCipher cipherFor(ASN1ObjectIdentifier oid) {
        if (SM4_CBC.equals(oid)) {
            return new SM4Engine();
        } else if (NISTObjectIdentifiers.id_aes128_CBC.equals(oid) || NISTObjectIdentifiers.id_aes192_CBC.equals(oid)
                || NISTObjectIdentifiers.id_aes256_CBC.equals(oid)) {
            return AESEngine.newInstance();
        }
        return null;
    }

    private static int keyLengthFor(ASN1ObjectIdentifier oid) {
        if (NISTObjectIdentifiers.id_aes192_CBC.equals(oid)) {
            return 24;
        } else if (NISTObjectIdentifiers.id_aes256_CBC.equals(oid)) {
            return 32;
        }
        return 16;
    }

    private static KeyLoadException unsupported(String where, String what) {
        return new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED, where + ": unsupported " + what);
    }
}
