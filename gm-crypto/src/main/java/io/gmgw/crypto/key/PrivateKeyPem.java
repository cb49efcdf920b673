package io.gmgw.crypto.key;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.GmCryptoException;
import io.gmgw.crypto.core.MalformedEncodingException;
import io.gmgw.crypto.pki.Pem;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * SM2 private keys in PEM: PKCS#8 {@code PRIVATE KEY} (RFC 5208/5958), PKCS#8 {@code ENCRYPTED PRIVATE KEY} (PBES2,
 * see {@link Pbes2}) and SEC1 (RFC 5915) as {@code EC PRIVATE KEY} or, as OpenSSL 3 labels SM2 keys,
 * {@code SM2 PRIVATE KEY}; a parameters block before the key ({@code EC PARAMETERS}, {@code SM2 PARAMETERS}, written by
 * {@code openssl ecparam -genkey}) is skipped. The curve must be sm2p256v1, named either as id-ecPublicKey's parameter
 * or, as some GM tools do, as the algorithm itself. A public key stored beside the scalar must match it.
 */
public final class PrivateKeyPem {
    private PrivateKeyPem() {
    }

    /**
     * Reads the one private key of {@code pem}. {@code where} names the file in error messages; {@code password} may
     * be null for unencrypted keys.
     */
    public static Sm2PrivateKey read(CryptoModule module, String pem, PasswordSource password, String where) {
        List<PemObject> blocks;
        try {
            blocks = Pem.all(pem);
        } catch (MalformedEncodingException e) {
            throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, where + ": " + e.getMessage(), e);
        }
        List<PemObject> keys = blocks.stream()
                .filter(b -> b.getType().endsWith("PRIVATE KEY"))
                .toList();
        if (keys.size() != 1) {
            throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, where + ": expected one PEM private key "
                    + "block (PRIVATE KEY, ENCRYPTED PRIVATE KEY or EC PRIVATE KEY), found " + keys.size());
        }
        PemObject block = keys.get(0);
        byte[] der = block.getContent();
        try {
            return switch (block.getType()) {
                case "PRIVATE KEY" -> fromPrivateKeyInfo(PrivateKeyInfo.getInstance(parse(der)), where);
                case "ENCRYPTED PRIVATE KEY" -> readEncrypted(module, der, password, where);
                case "EC PRIVATE KEY", "SM2 PRIVATE KEY" -> {
                    if (hasHeader(block, "Proc-Type")) {
                        throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED, where + ": legacy OpenSSL "
                                + "PEM encryption (Proc-Type header) is not supported; convert the key with "
                                + "'openssl pkcs8 -topk8 -v2 aes256 -in OLD -out NEW'");
                    }
                    yield fromEcPrivateKey(ECPrivateKey.getInstance(parse(der)), null, where);
                }
                default -> throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED,
                        where + ": PEM block '" + block.getType() + "' is not an SM2 private key");
            };
        } catch (GmCryptoException e) {
            throw e;
        } catch (RuntimeException e) {
            // BC's ASN.1 classes report wrong structures with assorted runtime exceptions (IllegalArgumentException,
            // NoSuchElementException for a too-short SEQUENCE, ClassCastException for a wrong tag).
            throw malformed(where, e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static Sm2PrivateKey readEncrypted(CryptoModule module, byte[] der, PasswordSource password, String where) {
        if (password == null) {
            throw new KeyLoadException(KeyLoadException.Reason.PASSWORD_REQUIRED, where
                    + " is encrypted: give its password (a password file, an environment variable or a prompt)");
        }
        EncryptedPrivateKeyInfo info;
        try {
            info = EncryptedPrivateKeyInfo.getInstance(parse(der));
        } catch (IllegalArgumentException e) {
            throw malformed(where, e);
        }
        char[] pw = password.password();
        byte[] plain = null;
        try {
            plain = Pbes2.decrypt(module, info, pw, where);
            PrivateKeyInfo pki;
            try {
                pki = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(plain));
            } catch (IOException | RuntimeException e) {
                // The padding happened to check out but the content is not a key: a wrong password as well.
                throw new KeyLoadException(KeyLoadException.Reason.WRONG_PASSWORD, where
                        + ": the password does not decrypt this key (wrong password, or the file is damaged)");
            }
            return fromPrivateKeyInfo(pki, where);
        } finally {
            Arrays.fill(pw, '\0');
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static Sm2PrivateKey fromPrivateKeyInfo(PrivateKeyInfo info, String where) {
        AlgorithmIdentifier alg = info.getPrivateKeyAlgorithm();
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        ASN1Encodable curve;
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            curve = alg.getParameters();
        } else if (GMObjectIdentifiers.sm2p256v1.equals(oid)) {
            curve = GMObjectIdentifiers.sm2p256v1;
        } else {
            throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED,
                    where + ": not an SM2 key (algorithm " + oid + "); gmgw uses SM2 keys on sm2p256v1");
        }
        try {
            return fromEcPrivateKey(ECPrivateKey.getInstance(info.parsePrivateKey()), curve, where);
        } catch (IOException | IllegalArgumentException e) {
            throw malformed(where, e);
        }
    }

    private static Sm2PrivateKey fromEcPrivateKey(ECPrivateKey ec, ASN1Encodable outerCurve, String where) {
        ASN1Encodable inner = ec.getParametersObject();
        if (outerCurve != null && inner != null && !outerCurve.equals(inner)) {
            // RFC 5915 §3 asks for the curve inside too (gmgw writes it); two different curves are a damaged file.
            throw new KeyLoadException(KeyLoadException.Reason.INCONSISTENT, where + ": the key names curve " + inner
                    + " inside its ECPrivateKey and " + outerCurve + " in its algorithm; they must be the same");
        }
        ASN1Encodable curve = outerCurve != null ? outerCurve : inner;
        if (curve == null) {
            throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, where + ": the EC key names no curve");
        }
        if (!GMObjectIdentifiers.sm2p256v1.equals(curve)) {
            throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED, where + ": key is on curve " + curve
                    + ", not sm2p256v1 (1.2.156.10197.1.301)");
        }
        BigInteger d = ec.getKey();
        byte[] scalar = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(d);
        Sm2PrivateKey key;
        try {
            key = Sm2PrivateKey.fromScalar(scalar);
        } catch (GmCryptoException e) {
            throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, where + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(scalar, (byte) 0);
        }
        DERBitString stored = (DERBitString) ec.getPublicKey();
        if (stored != null && !Arrays.equals(stored.getOctets(), key.publicKey().encoded())) {
            key.destroy();
            throw new KeyLoadException(KeyLoadException.Reason.INCONSISTENT,
                    where + ": the public key stored in the file does not belong to its private key");
        }
        return key;
    }

    /**
     * PKCS#8 {@code PRIVATE KEY} PEM: id-ecPublicKey with curve sm2p256v1, and an ECPrivateKey that names the curve
     * again and carries the public key. RFC 5915 §3 says conforming implementations MUST include the curve in the
     * ECPrivateKey; OpenSSL leaves it out inside PKCS#8, but GmSSL refuses a key without it, and every reader accepts
     * it.
     */
    public static String write(Sm2PrivateKey key) {
        byte[] der = privateKeyInfo(key);
        try {
            return Pem.encode("PRIVATE KEY", der);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** PKCS#8 {@code ENCRYPTED PRIVATE KEY} PEM under {@code password}. */
    public static String writeEncrypted(CryptoModule module, Sm2PrivateKey key, char[] password,
            KeyEncryption encryption, int iterations) {
        if (iterations < 1 || iterations > Pbes2.MAX_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations must be in 1.." + Pbes2.MAX_ITERATIONS);
        }
        byte[] der = privateKeyInfo(key);
        try {
            EncryptedPrivateKeyInfo info = Pbes2.encrypt(module, der, password, encryption.scheme, iterations);
            return Pem.encode("ENCRYPTED PRIVATE KEY", info.getEncoded("DER"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** The algorithms {@link #writeEncrypted} can use. */
    public enum KeyEncryption {
        /** PBKDF2-HMAC-SM3 + SM4-CBC: GM algorithms, readable by GmSSL and gmgw (not by OpenSSL 3.0). */
        SM4(Pbes2.Scheme.SM3_SM4),
        /** PBKDF2-HMAC-SHA256 + AES-256-CBC: readable by OpenSSL and gmgw. */
        AES(Pbes2.Scheme.SHA256_AES256);

        private final Pbes2.Scheme scheme;

        KeyEncryption(Pbes2.Scheme scheme) {
            this.scheme = scheme;
        }
    }

    private static byte[] privateKeyInfo(Sm2PrivateKey key) {
        byte[] scalar = key.scalarBytes();
        try {
            ECPrivateKey ec = new ECPrivateKey(256, new BigInteger(1, scalar),
                    new DERBitString(key.publicKey().encoded()), GMObjectIdentifiers.sm2p256v1);
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                    GMObjectIdentifiers.sm2p256v1), ec).getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Arrays.fill(scalar, (byte) 0);
        }
    }

    private static boolean hasHeader(PemObject block, String name) {
        for (Object h : block.getHeaders()) {
            if (name.equalsIgnoreCase(((PemHeader) h).getName())) {
                return true;
            }
        }
        return false;
    }

    private static ASN1Primitive parse(byte[] der) {
        try {
            return ASN1Primitive.fromByteArray(der);
        } catch (IOException e) {
            throw new IllegalArgumentException("not DER: " + e.getMessage(), e);
        }
    }

    private static KeyLoadException malformed(String where, Exception e) {
        return new KeyLoadException(KeyLoadException.Reason.MALFORMED,
                where + ": not a well-formed private key (" + MalformedEncodingException.reason(e) + ")", e);
    }
}
