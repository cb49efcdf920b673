package io.gmgw.crypto.pki;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The signatures a {@link CertificateVerifier} has already found valid, so that a certificate or CRL seen again (the
 * issuing CA of every client, a returning client's own certificates, each CRL) is not verified again: a gateway
 * checking mutual TLCP handshakes otherwise verifies the same CA signature twice per handshake (once per chain of the
 * double certificate) and every CRL once per certificate.
 *
 * <p>Only successes are kept, keyed by SM3 over the whole signed object's DER (signature included; taken once per
 * parsed object, see {@link Sm2Certificate} and {@link Sm2Crl}), the issuer's public key and the SM2 user ID: the same
 * bytes under the same key always verify the same way, so a hit proves what a fresh verification would. Validity, key
 * usage and revocation are checked every time by the caller; only the signature arithmetic is saved. Bounded (least
 * recently used out), thread-safe.
 */
final class VerifiedSignatures {
    /** Entries kept by default: about 0.2 KiB each. */
    static final int DEFAULT_CAPACITY = 4096;

    private final CryptoModule module;
    private final Map<ByteBuffer, Boolean> verified;

    VerifiedSignatures(CryptoModule module, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("the verified-signature cache cannot hold " + capacity + " entries");
        }
        this.module = module;
        this.verified = capacity == 0 ? null : new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Whether the signature on the object whose DER has the SM3 hash {@code signedSm3} verifies under
     * {@code issuerKey} with {@code userId}: from the cache when this exact object, key and ID verified before, else
     * by {@code verify}, whose success is remembered.
     */
    boolean check(byte[] signedSm3, Sm2PublicKey issuerKey, byte[] userId, BooleanSupplier verify) {
        if (verified == null) {
            return verify.getAsBoolean();
        }
        module.check();
        ByteBuffer key = key(signedSm3, issuerKey, userId);
        synchronized (verified) {
            if (verified.get(key) != null) {
                return true;
            }
        }
        boolean ok = verify.getAsBoolean();
        if (ok) {
            synchronized (verified) {
                verified.put(key, Boolean.TRUE);
            }
        }
        return ok;
    }

    int size() {
        if (verified == null) {
            return 0;
        }
        synchronized (verified) {
            return verified.size();
        }
    }

    /** The three parts side by side: the hash has a fixed length and the key a length prefix, so no two collide. */
    private static ByteBuffer key(byte[] signedSm3, Sm2PublicKey issuerKey, byte[] userId) {
        byte[] k = issuerKey.encoded();
        return ByteBuffer.allocate(signedSm3.length + 1 + k.length + userId.length)
                .put(signedSm3).put((byte) k.length).put(k).put(userId).flip();
    }
}
