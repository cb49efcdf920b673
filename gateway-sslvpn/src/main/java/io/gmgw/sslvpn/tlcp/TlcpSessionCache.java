package io.gmgw.sslvpn.tlcp;

import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions that may be resumed (GM/T 0024 §6.4.5.1, by session ID): bounded (least recently used entries leave
 * first) and expiring (an entry older than its lifetime is never used, whatever its use). Master secrets of evicted
 * and expired entries are wiped. Shared by all connections of a server, or all connections of a client keyed by peer;
 * thread-safe.
 */
public final class TlcpSessionCache {
    private final int capacity;
    private final Duration lifetime;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries;

    /** A resumable session: ID, suite, master secret and the peer's certificates. */
    public record Entry(byte[] sessionId, CipherSuite suite, byte[] masterSecret, List<Sm2Certificate> peerCertificates,
            Sm2Certificate peerSigningCertificate, Sm2Certificate peerEncryptionCertificate, Instant created) {
    }

    public TlcpSessionCache(int capacity, Duration lifetime, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("session cache capacity must be at least 1, not " + capacity);
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("session lifetime must be positive, not " + lifetime);
        }
        this.capacity = capacity;
        this.lifetime = lifetime;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TlcpSessionCache.Entry> eldest) {
                if (size() > TlcpSessionCache.this.capacity) {
                    wipe(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
    }

    /** ocserv-like defaults: 4096 sessions for 2 hours. */
    public static TlcpSessionCache defaults(Clock clock) {
        return new TlcpSessionCache(4096, Duration.ofHours(2), clock);
    }

    public synchronized void put(String key, Entry entry) {
        Entry old = entries.put(key, new Entry(entry.sessionId.clone(), entry.suite, entry.masterSecret.clone(),
                entry.peerCertificates, entry.peerSigningCertificate, entry.peerEncryptionCertificate,
                entry.created));
        if (old != null) {
            wipe(old);
        }
    }

    /** The live entry for {@code key}, with a copy of its master secret (the caller wipes it). */
    public synchronized Optional<Entry> get(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.created.plus(lifetime))) {
            entries.remove(key);
            wipe(e);
            return Optional.empty();
        }
        return Optional.of(new Entry(e.sessionId.clone(), e.suite, e.masterSecret.clone(), e.peerCertificates,
                e.peerSigningCertificate, e.peerEncryptionCertificate, e.created));
    }

    public synchronized void remove(String key) {
        Entry e = entries.remove(key);
        if (e != null) {
            wipe(e);
        }
    }

    /**
     * Removes {@code key}'s entry only if it holds the session {@code sessionId} (a client's entry for a server may
     * have been replaced by a newer session meanwhile); used when a connection of that session ends in a fatal alert.
     */
    public synchronized void remove(String key, byte[] sessionId) {
        Entry e = entries.get(key);
        if (e != null && Arrays.equals(e.sessionId, sessionId)) {
            entries.remove(key);
            wipe(e);
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public Clock clock() {
        return clock;
    }

    private static void wipe(Entry e) {
        Arrays.fill(e.masterSecret, (byte) 0);
    }
}
