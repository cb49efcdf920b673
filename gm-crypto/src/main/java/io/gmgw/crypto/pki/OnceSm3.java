package io.gmgw.crypto.pki;

import io.gmgw.crypto.CryptoModule;

/**
 * The SM3 of an immutable object's DER, taken the first time it is asked for and kept (a race computes it twice,
 * harmlessly). The verifier's signature memory is keyed by it, so a certificate or CRL seen on every handshake is hashed
 * once per parsed object.
 */
final class OnceSm3 {
    private volatile byte[] hash;

    /** SM3 of {@code der}, which must be the same bytes on every call. The array returned must not be changed. */
    byte[] of(CryptoModule module, byte[] der) {
        byte[] h = hash;
        if (h == null) {
            h = module.sm3().hash(der);
            hash = h;
        }
        return h;
    }
}
