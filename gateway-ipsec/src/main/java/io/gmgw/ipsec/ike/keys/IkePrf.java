package io.gmgw.ipsec.ike.keys;

import io.gmgw.crypto.sm3.Sm3;

/**
 * The negotiated PRF and hash of an ISAKMP SA (RFC 2409 §5: prf = HMAC with the negotiated hash unless a PRF is
 * negotiated; ipsec.md §4: HMAC-SM3 and SM3 for the GM profile). Stateless and thread-safe; every result is a fresh
 * array the caller wipes when it holds key material.
 */
public interface IkePrf {
    /** Output length of {@link #prf} and {@link #hash} in bytes. */
    int length();

    /** prf(key, part1 | part2 | ...). */
    byte[] prf(byte[] key, byte[]... parts);

    /** HASH(part1 | part2 | ...). */
    byte[] hash(byte[]... parts);

    /** HMAC-SM3 and SM3 of gm-crypto (hash algorithm 20, ipsec.md §3). */
    static IkePrf sm3(Sm3 sm3) {
        return new Sm3Prf(sm3);
    }

    /** A JCA HMAC and digest pair, e.g. {@code HmacSHA256} and {@code SHA-256} for the standard profile. */
    static IkePrf jca(String hmacAlgorithm, String digestAlgorithm) {
        return new JcaPrf(hmacAlgorithm, digestAlgorithm);
    }
}
