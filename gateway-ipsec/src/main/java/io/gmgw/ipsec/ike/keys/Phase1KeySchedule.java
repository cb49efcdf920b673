package io.gmgw.ipsec.ike.keys;

import java.util.Arrays;
import java.util.Objects;

/**
 * Phase 1 key derivation as pure functions: RFC 2409 §5 (with the Diffie-Hellman secret g^xy) and the GM digital
 * envelope variant of ipsec.md §4 (no DH: SKEYID from the nonces and cookies, which is RFC 2409's public-key-encryption
 * formula; g^xy left out of every later step). Cookies are the 8-byte CKY-I and CKY-R; "_b" values are payload bodies
 * without their generic header.
 */
public final class Phase1KeySchedule {
    private final IkePrf prf;

    public Phase1KeySchedule(IkePrf prf) {
        this.prf = Objects.requireNonNull(prf, "prf");
    }

    /** GM envelope (auth method 10), and RFC 2409 public-key encryption: prf(HASH(Ni_b | Nr_b), CKY-I | CKY-R). */
    public byte[] skeyidFromNonces(byte[] niB, byte[] nrB, byte[] ckyI, byte[] ckyR) {
        byte[] key = prf.hash(niB, nrB);
        try {
            return prf.prf(key, ckyI, ckyR);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** RFC 2409 pre-shared key: prf(pre-shared-key, Ni_b | Nr_b). */
    public byte[] skeyidPreSharedKey(byte[] preSharedKey, byte[] niB, byte[] nrB) {
        return prf.prf(preSharedKey, niB, nrB);
    }

    /** RFC 2409 signatures: prf(Ni_b | Nr_b, g^xy). */
    public byte[] skeyidSignatures(byte[] niB, byte[] nrB, byte[] gxy) {
        byte[] key = concat(niB, nrB);
        try {
            return prf.prf(key, gxy);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * SKEYID_d = prf(SKEYID, [g^xy |] CKY-I | CKY-R | 0),
     * SKEYID_a = prf(SKEYID, SKEYID_d | [g^xy |] CKY-I | CKY-R | 1),
     * SKEYID_e = prf(SKEYID, SKEYID_a | [g^xy |] CKY-I | CKY-R | 2); {@code gxy} is empty for the GM envelope.
     * Takes ownership of {@code skeyid}.
     */
    public Phase1Keys derive(byte[] skeyid, byte[] gxy, byte[] ckyI, byte[] ckyR) {
        byte[] d = prf.prf(skeyid, gxy, ckyI, ckyR, new byte[] {0});
        byte[] a = prf.prf(skeyid, d, gxy, ckyI, ckyR, new byte[] {1});
        byte[] e = prf.prf(skeyid, a, gxy, ckyI, ckyR, new byte[] {2});
        return new Phase1Keys(skeyid, d, a, e);
    }

    /**
     * The ISAKMP encryption key of {@code length} bytes: the first bytes of SKEYID_e, or when that is too short
     * Ka = K1 | K2 | ..., K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, K(n-1)) (RFC 2409 appendix B).
     */
    public byte[] encryptionKey(byte[] skeyidE, int length) {
        if (skeyidE.length >= length) {
            return Arrays.copyOf(skeyidE, length);
        }
        byte[] out = new byte[length];
        byte[] k = prf.prf(skeyidE, new byte[] {0});
        for (int done = 0; ; ) {
            int n = Math.min(k.length, length - done);
            System.arraycopy(k, 0, out, done, n);
            done += n;
            if (done == length) {
                Arrays.fill(k, (byte) 0);
                return out;
            }
            byte[] next = prf.prf(skeyidE, k);
            Arrays.fill(k, (byte) 0);
            k = next;
        }
    }

    /**
     * The first IV of phase 1: HASH(a | b) cut to the cipher's block: a, b = g^xi, g^xr (RFC 2409 appendix B) or
     * Sk_i_b, Sk_r_b (GM, ipsec.md §4).
     */
    public byte[] initialIv(byte[] a, byte[] b, int blockSize) {
        return Arrays.copyOf(prf.hash(a, b), blockSize);
    }

    /** HASH_I = prf(SKEYID, [g^xi | g^xr |] CKY-I | CKY-R | SAi_b | IDii_b); g^x empty for the GM envelope. */
    public byte[] hashI(byte[] skeyid, byte[] gxi, byte[] gxr, byte[] ckyI, byte[] ckyR, byte[] saiB, byte[] idiiB) {
        return prf.prf(skeyid, gxi, gxr, ckyI, ckyR, saiB, idiiB);
    }

    /** HASH_R = prf(SKEYID, [g^xr | g^xi |] CKY-R | CKY-I | SAi_b | IDir_b): the INITIATOR's SA body in both. */
    public byte[] hashR(byte[] skeyid, byte[] gxr, byte[] gxi, byte[] ckyR, byte[] ckyI, byte[] saiB, byte[] idirB) {
        return prf.prf(skeyid, gxr, gxi, ckyR, ckyI, saiB, idirB);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
