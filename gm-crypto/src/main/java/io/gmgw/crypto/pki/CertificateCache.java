package io.gmgw.crypto.pki;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Certificates parsed before, found again by their exact DER bytes, so that a peer that connects again (a returning
 * VPN client with its double certificate and CA, a server with its chain) costs no ASN.1 decoding, strict-DER check or
 * public-key decoding. The {@link Sm2Certificate} handed back is the very object parsed the first time, so what hangs
 * off it stays warm: its decoded public key, and the per-point tables Bouncy Castle builds the first time a signature
 * is verified under that key (a verification under a freshly decoded key costs about twice a repeated one).
 *
 * <p>Only the parsing is saved: the bytes are the key, compared in full, so a hit is exactly what parsing those bytes
 * again would give ({@link Sm2Certificate} is immutable). Whether the certificate is trusted, valid now, of the right
 * key usage or revoked is the verifier's business, every time. Input that does not parse is not remembered and fails
 * again each time it is sent. Bounded (least recently used out, by count; an entry is about 10 KiB with its key's
 * tables), thread-safe.
 */
public final class CertificateCache {
    /** Entries kept by default: about 10 MiB at most. */
    public static final int DEFAULT_CAPACITY = 1024;
    /** Certificates longer than this are parsed every time rather than kept (no real leaf or CA is near it). */
    static final int MAX_CACHED_LENGTH = 16 * 1024;

    private final int capacity;
    private final Map<Der, Sm2Certificate> parsed;

    private CertificateCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("the certificate cache cannot hold " + capacity + " entries");
        }
        this.capacity = capacity;
        this.parsed = capacity == 0 ? null : new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Der, Sm2Certificate> eldest) {
                return size() > capacity;
            }
        };
    }

    /** A cache keeping at most {@code capacity} certificates; 0 keeps none (every call parses). */
    public static CertificateCache withCapacity(int capacity) {
        return new CertificateCache(capacity);
    }

    /**
     * The certificate encoded by {@code der}: the one parsed earlier from the same bytes, or
     * {@link Sm2Certificate#fromDer} now (and kept when it parses).
     *
     * @throws io.gmgw.crypto.core.MalformedEncodingException as {@link Sm2Certificate#fromDer} does
     */
    public Sm2Certificate parse(byte[] der) {
        if (parsed == null || der.length > MAX_CACHED_LENGTH) {
            return Sm2Certificate.fromDer(der);
        }
        Der probe = new Der(der);
        synchronized (parsed) {
            Sm2Certificate hit = parsed.get(probe);
            if (hit != null) {
                return hit;
            }
        }
        Sm2Certificate cert = Sm2Certificate.fromDer(der);
        synchronized (parsed) {
            // Keyed by the certificate's own copy: the caller may reuse its array.
            Sm2Certificate earlier = parsed.putIfAbsent(new Der(cert.der()), cert);
            return earlier != null ? earlier : cert;
        }
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        if (parsed == null) {
            return 0;
        }
        synchronized (parsed) {
            return parsed.size();
        }
    }

    /** DER bytes compared by content; the hash is taken once. */
    private static final class Der {
        private final byte[] bytes;
        private final int hash;

        Der(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Der d && d.hash == hash && Arrays.equals(d.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
