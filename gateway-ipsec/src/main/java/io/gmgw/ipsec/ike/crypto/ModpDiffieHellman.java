package io.gmgw.ipsec.ike.crypto;

import io.gmgw.ipsec.ike.IkeNotifyException;
import io.gmgw.ipsec.isakmp.NotifyType;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import javax.crypto.interfaces.DHPublicKey;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPublicKeySpec;

/**
 * One ephemeral MODP-2048 Diffie-Hellman exchange (group 14, RFC 3526 §3) through the JDK's JCA: the public value and
 * the shared secret g^xy, both as 256 big-endian bytes (RFC 2409 §5: KE data and g^xy are fixed-length, leading zeros
 * kept). A peer value outside 2..p-2 is refused (INVALID-KEY-INFORMATION).
 */
public final class ModpDiffieHellman {
    /** RFC 3526 §3, the 2048-bit MODP group's prime; the generator is 2. */
    static final BigInteger P = new BigInteger((
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
            + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
            + "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
            + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
            + "15728E5A8AACAA68FFFFFFFFFFFFFFFF"), 16);
    static final BigInteger G = BigInteger.TWO;
    public static final int LENGTH = 256;

    private final KeyPair pair;

    private ModpDiffieHellman(KeyPair pair) {
        this.pair = pair;
    }

    /** A fresh key pair for {@code group} (14 only). */
    public static ModpDiffieHellman generate(int group, SecureRandom random) {
        if (group != 14) {
            throw new IllegalArgumentException("DH group " + group + " is not implemented (MODP-2048 14)");
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("DH");
            // A 256-bit exponent, as strongSwan and RFC 3526 §8 suggest for 2048-bit groups (twice the strength).
            g.initialize(new DHParameterSpec(P, G, 256), random);
            return new ModpDiffieHellman(g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate MODP-2048 keys: " + e.getMessage(), e);
        }
    }

    /** g^x as the KE payload carries it. */
    public byte[] publicValue() {
        return fixed(((DHPublicKey) pair.getPublic()).getY());
    }

    /** g^xy from the peer's KE data; the caller wipes it. */
    public byte[] sharedSecret(byte[] peerValue) {
        if (peerValue.length != LENGTH) {
            throw new IkeNotifyException(NotifyType.INVALID_KEY_INFORMATION, "a MODP-2048 KE value is 256 bytes, not "
                    + peerValue.length);
        }
        BigInteger y = new BigInteger(1, peerValue);
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(P.subtract(BigInteger.ONE)) >= 0) {
            throw new IkeNotifyException(NotifyType.INVALID_KEY_INFORMATION, "the peer's DH value is outside 2..p-2");
        }
        try {
            KeyAgreement ka = KeyAgreement.getInstance("DH");
            ka.init(pair.getPrivate());
            ka.doPhase(KeyFactory.getInstance("DH").generatePublic(new DHPublicKeySpec(y, P, G)), true);
            byte[] s = ka.generateSecret();
            if (s.length == LENGTH) {
                return s;
            }
            byte[] out = new byte[LENGTH];
            System.arraycopy(s, 0, out, LENGTH - s.length, s.length);
            Arrays.fill(s, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IkeNotifyException(NotifyType.INVALID_KEY_INFORMATION, "DH agreement failed: " + e.getMessage());
        }
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[LENGTH];
        int n = Math.min(b.length, LENGTH);
        System.arraycopy(b, b.length - n, out, LENGTH - n, n);
        return out;
    }
}
