package io.gmgw.sslvpn.gateway.login;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Logins waiting for their password form to come back, by the handle sent as the {@code webvpncontext} cookie (cstp.md
 * §2.5: openconnect answers the form on a new connection, so the state lives in the gateway, never in the client).
 * Bounded: at most {@code capacity} at once, the oldest dropped first when full (its user's answer is then refused
 * like an expired one); each expires {@code timeoutNanos} after it was asked. A handle is taken once: an answer ends
 * its login whatever the outcome. Sans-I/O: ticker nanoseconds are passed in. Thread-safe.
 *
 * @param <T> what is kept for one login
 */
public final class PendingLogins<T> {
    private record Entry<T>(T login, long deadline) {
    }

    private final SecureRandom random;
    private final long timeoutNanos;
    private final int capacity;
    /** Insertion order is deadline order (one timeout for all): the first entry is the oldest. */
    private final LinkedHashMap<String, Entry<T>> logins = new LinkedHashMap<>();

    public PendingLogins(SecureRandom random, long timeoutNanos, int capacity) {
        if (timeoutNanos <= 0 || capacity < 1) {
            throw new IllegalArgumentException("a positive timeout and capacity are needed");
        }
        this.random = random;
        this.timeoutNanos = timeoutNanos;
        this.capacity = capacity;
    }

    /** Keeps {@code login} and returns its handle: 24 random bytes in base64url (a cookie value as it is). */
    public synchronized String put(T login, long now) {
        expire(now);
        if (logins.size() >= capacity) {
            Iterator<String> oldest = logins.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[24];
        String handle;
        do {
            random.nextBytes(bytes);
            handle = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (logins.containsKey(handle));
        logins.put(handle, new Entry<>(login, now + timeoutNanos));
        return handle;
    }

    /** The login of {@code handle}, removed; empty when unknown, dropped or expired. */
    public synchronized Optional<T> take(String handle, long now) {
        expire(now);
        Entry<T> e = logins.remove(handle);
        return e == null ? Optional.empty() : Optional.of(e.login());
    }

    public synchronized int size() {
        return logins.size();
    }

    private void expire(long now) {
        for (Iterator<Map.Entry<String, Entry<T>>> it = logins.entrySet().iterator(); it.hasNext();) {
            if (now - it.next().getValue().deadline() < 0) {
                return;
            }
            it.remove();
        }
    }
}
