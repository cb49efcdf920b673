package io.gmgw.pkcs11.key;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.core.InvalidKeyMaterialException;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Function;

/**
 * SM2 decryption (GB/T 32918.4 §7) for tokens that offer only ECDH on the SM2 curve: the token computes
 * x2 = x([d]C1) with CKM_ECDH1_DERIVE; y2 follows from the curve equation up to its sign, so both roots are tried
 * and the one whose C3 = SM3(x2‖M‖y2) matches is kept (compared in constant time; both candidates are always
 * computed). The KDF and C3 run in the host crypto module.
 */
final class EcdhSm2Decryption {
    // sm2p256v1 (GB/T 32918.5): p ≡ 3 (mod 4), so a square root is z^((p+1)/4).
    private static final BigInteger P = new BigInteger("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF", 16);
    private static final BigInteger A = P.subtract(BigInteger.valueOf(3));
    private static final BigInteger B = new BigInteger("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93", 16);
    private static final BigInteger SQRT_EXP = P.add(BigInteger.ONE).shiftRight(2);

    private EcdhSm2Decryption() {
    }

    /** {@code sharedX} returns x([d]C1) (32 bytes) for the point C1 = 04‖x1‖y1. */
    static byte[] decrypt(CryptoModule module, byte[][] parts, Function<byte[], byte[]> sharedX) {
        byte[] c1 = parts[0];
        byte[] c3 = parts[1];
        byte[] c2 = parts[2];
        try {
            Sm2PublicKey.fromEncoded(c1); // on the curve, not infinity
        } catch (InvalidKeyMaterialException e) {
            throw new BadCiphertextException("SM2 decryption failed: C1 is not a point of the curve");
        }
        byte[] x2 = sharedX.apply(c1);
        if (x2.length != 32) {
            throw new BadCiphertextException("SM2 decryption failed: the token's ECDH output has " + x2.length + " bytes");
        }
        BigInteger x = new BigInteger(1, x2);
        BigInteger rhs = x.pow(3).add(A.multiply(x)).add(B).mod(P);
        BigInteger y = rhs.modPow(SQRT_EXP, P);
        if (!y.multiply(y).mod(P).equals(rhs)) {
            throw new BadCiphertextException("SM2 decryption failed: the token's ECDH output is not an x-coordinate");
        }
        byte[] m1 = candidate(module, x2, fixed(y), c2);
        byte[] m2 = candidate(module, x2, fixed(P.subtract(y)), c2);
        boolean ok1 = m1 != null && MessageDigest.isEqual(module.sm3().hash(x2, m1, fixed(y)), c3);
        boolean ok2 = m2 != null && MessageDigest.isEqual(module.sm3().hash(x2, m2, fixed(P.subtract(y))), c3);
        Arrays.fill(x2, (byte) 0);
        if (ok1 == ok2) { // neither (or, impossibly, both)
            wipe(m1, m2);
            throw new BadCiphertextException("SM2 decryption failed: the ciphertext is malformed, was not made for "
                    + "this key, or was modified");
        }
        wipe(ok1 ? m2 : m1);
        return ok1 ? m1 : m2;
    }

    private static byte[] candidate(CryptoModule module, byte[] x2, byte[] y2, byte[] c2) {
        byte[] z = new byte[64];
        System.arraycopy(x2, 0, z, 0, 32);
        System.arraycopy(y2, 0, z, 32, 32);
        byte[] t = module.sm3().kdf(z, c2.length);
        Arrays.fill(z, (byte) 0);
        int any = 0;
        for (byte b : t) {
            any |= b;
        }
        if (any == 0) {
            return null; // GB/T 32918.4 B4: an all-zero t is an error
        }
        for (int i = 0; i < t.length; i++) {
            t[i] ^= c2[i];
        }
        return t;
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}
