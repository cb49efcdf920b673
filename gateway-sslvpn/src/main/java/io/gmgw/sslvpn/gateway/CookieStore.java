package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.GatewayException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The gateway's login state, independent of connections (cstp.md §2.5: openconnect logs in on one connection and
 * opens the tunnel on the next): one {@code webvpn} cookie per login, 32 random bytes in base64url, bound to the
 * certificate identity that logged in. A cookie lives {@code cookieTimeout} until its first CONNECT, then as long as a
 * tunnel holds it, then {@code cookieTimeout} again after a disconnect so that openconnect can reconnect (§9); the
 * address lease rides on the cookie for that whole time. A logout (BYE, §10) ends it at once. Bounded: max-cookies
 * in all, and {@link #IDLE_LOGINS_PER_IDENTITY} without a tunnel per certificate.
 *
 * <p>Sans-I/O: times are ticker nanoseconds passed in. Thread-safe (tunnels on several event loops share it); every
 * method is a short critical section.
 */
public final class CookieStore {
    /** Why a cookie was not accepted (the gateway answers 401 "Cookie is not acceptable" for all of them, §3). */
    public enum Refusal {
        UNKNOWN("unknown cookie"),
        EXPIRED("cookie expired"),
        OTHER_IDENTITY("cookie belongs to another certificate");

        private final String text;

        Refusal(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** One login. Fields other than the value and identity are guarded by the store's lock. */
    public static final class Login {
        private final String value;
        private final String id;
        private final Identity identity;
        private long deadline;
        private Object holder;
        /** A CONNECT that claimed the cookie and is not yet accepted or refused; the holder keeps running meanwhile. */
        private Object pending;
        private Lease lease;
        /** What the first accepted CONNECT settled; null before it. */
        private Settled settled;

        private Login(String value, String id, Identity identity, long deadline) {
            this.value = value;
            this.id = id;
            this.identity = identity;
            this.deadline = deadline;
        }

        /** A name for logs and audit: a hash prefix, never the cookie itself (it is a bearer secret). */
        public String id() {
            return id;
        }

        public Identity identity() {
            return identity;
        }
    }

    /**
     * What a login's first accepted CONNECT settled, kept for its reconnects: openconnect aborts when a reconnect
     * changes the addresses it was given (cstp.md §9), IPv6 included.
     *
     * @param ipv6    whether the tunnel carries IPv6 (then a reconnect's tunnel MTU is kept at 1280 or more)
     * @param started ticker time of the first CONNECT: the session timeout runs from here through every reconnect
     */
    public record Settled(boolean ipv6, long started) {
    }

    /**
     * The result of {@link #claim}: the login (the CONNECT then {@link #commit}s or {@link #abandon}s it), a refusal
     * of the cookie, or busy: another CONNECT with this cookie is being decided at this moment.
     */
    public sealed interface Claim {
        /**
         * @param lease    the login's addresses (the same through every reconnect, §9)
         * @param newLease whether this claim took the lease (then an {@link #abandon} gives it back)
         * @param settled  what the login's first CONNECT settled; empty on the first
         */
        record Accepted(Login login, Lease lease, boolean newLease, Optional<Settled> settled) implements Claim {
        }

        /** The user already holds its most tunnels (max-sessions-per-user); {@code reason} says so. */
        record TooMany(Identity identity, String reason) implements Claim {
        }

        record Refused(Refusal refusal, String cookieId) implements Claim {
        }

        record Busy(String cookieId) implements Claim {
        }
    }

    /** Takes the addresses for a login's first CONNECT ({@link AddressLeases#lease}; it throws when it cannot). */
    @FunctionalInterface
    public interface LeaseSource {
        Lease lease(Identity identity);
    }

    /**
     * Most logins one certificate may keep without a tunnel (never used, or waiting for a reconnect), unless its
     * sessions allow more ({@link #idleLoginsFor}). openconnect needs one per running client; a certificate holder
     * looping on logins would otherwise fill max-cookies and lock everybody else out. Its oldest unused login makes
     * room first.
     */
    public static final int IDLE_LOGINS_PER_IDENTITY = 8;

    private final Map<String, Login> logins = new HashMap<>();
    /** The same logins per identity key, oldest first. */
    private final Map<String, LinkedHashSet<Login>> byIdentity = new HashMap<>();
    /** Logins held or being claimed by a tunnel, per user name: the count max-sessions-per-user bounds. */
    private final Map<String, Integer> tunnelsByUser = new HashMap<>();
    private final SecureRandom random;
    private final long timeoutNanos;
    private final long sessionNanos;
    private final int capacity;
    private final int idlePerIdentity;

    /** A store without a session timeout. */
    public CookieStore(SecureRandom random, long timeoutNanos, int capacity) {
        this(random, timeoutNanos, 0, capacity);
    }

    public CookieStore(SecureRandom random, long timeoutNanos, long sessionNanos, int capacity) {
        this(random, timeoutNanos, sessionNanos, capacity, IDLE_LOGINS_PER_IDENTITY);
    }

    /**
     * The unused logins one certificate may keep when a user may hold {@code maxSessionsPerUser} tunnels (0 = no
     * limit): enough for all of them to log in at the same moment, and never fewer than
     * {@link #IDLE_LOGINS_PER_IDENTITY}.
     */
    public static int idleLoginsFor(int maxSessionsPerUser) {
        return Math.max(IDLE_LOGINS_PER_IDENTITY, maxSessionsPerUser);
    }

    /**
     * @param timeoutNanos cookie-timeout: before the first CONNECT and after each disconnect
     * @param sessionNanos session-timeout from the first CONNECT, through reconnects; 0 = none
     */
    public CookieStore(SecureRandom random, long timeoutNanos, long sessionNanos, int capacity, int idlePerIdentity) {
        if (idlePerIdentity < 1) {
            throw new IllegalArgumentException("idlePerIdentity must be at least 1: " + idlePerIdentity);
        }
        this.random = random;
        this.timeoutNanos = timeoutNanos;
        this.sessionNanos = sessionNanos;
        this.capacity = capacity;
        this.idlePerIdentity = idlePerIdentity;
    }

    /**
     * A new cookie for {@code identity}, valid for the cookie timeout until first used. An identity that already keeps
     * its limit of logins without a tunnel ({@link #idleLoginsFor}) loses its oldest unused one.
     *
     * @param expired receives logins that expired or were dropped while making room (their leases must be released)
     * @throws GatewayException RESOURCE when the store is full of live logins
     */
    public synchronized Login issue(Identity identity, long now, List<Login> expired) {
        makeRoomFor(identity.key(), expired);
        if (logins.size() >= capacity) {
            expired.addAll(sweep(now));
            if (logins.size() >= capacity) {
                throw new GatewayException(GatewayException.Kind.RESOURCE, "the gateway holds " + capacity
                        + " logins, its limit (max-cookies): try again when some expire, or raise the limit");
            }
        }
        byte[] bytes = new byte[32];
        String value;
        do {
            random.nextBytes(bytes);
            value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (logins.containsKey(value));
        Login login = new Login(value, idOf(value), identity, now + timeoutNanos);
        logins.put(value, login);
        byIdentity.computeIfAbsent(identity.key(), k -> new LinkedHashSet<>()).add(login);
        return login;
    }

    /**
     * Keeps {@code identityKey} below its limit of logins without a tunnel: drops its oldest
     * never-used login, else its oldest one waiting for a reconnect (into {@code evicted}: leases to release).
     */
    private void makeRoomFor(String identityKey, List<Login> evicted) {
        Set<Login> own = byIdentity.get(identityKey);
        if (own == null) {
            return;
        }
        List<Login> idle = own.stream().filter(l -> l.holder == null && l.pending == null).toList();
        if (idle.size() < idlePerIdentity) {
            return;
        }
        Login victim = idle.stream().filter(l -> l.settled == null).findFirst().orElse(idle.getFirst());
        remove(victim);
        evicted.add(victim);
    }

    private void remove(Login login) {
        logins.remove(login.value);
        unindex(login);
    }

    private void unindex(Login login) {
        Set<Login> own = byIdentity.get(login.identity.key());
        if (own != null && own.remove(login) && own.isEmpty()) {
            byIdentity.remove(login.identity.key());
        }
    }

    /** The cookie's value, to send to the client once. */
    public static String valueOf(Login login) {
        return login.value;
    }

    /**
     * Reserves a cookie for a CONNECT, in one step: accepted when it is live, {@code identityKey} (the CONNECT
     * connection's certificate) is the one that logged in, no other CONNECT with it is being decided, and the user
     * holds fewer than {@code maxPerUser} tunnels (0 = no limit; a reconnect replacing this login's tunnel does not
     * count twice). The tunnel counts from here on, so racing CONNECTs cannot pass the limit together. The login's
     * lease is taken here on its first CONNECT, so two CONNECTs cannot each take one. A tunnel holding the cookie
     * keeps it until {@link #commit}: a reconnect that is then refused leaves the working tunnel alone.
     *
     * @throws RuntimeException what {@code leases} throws (the pool is exhausted or not configured); nothing changed
     */
    public synchronized Claim claim(String cookie, String identityKey, Object holder, long now, int maxPerUser,
            LeaseSource leases) {
        return claim(cookie, identityKey, holder, now, id -> maxPerUser, leases);
    }

    /** As {@link #claim(String, String, Object, long, int, LeaseSource)} with the limit of the login's group. */
    public synchronized Claim claim(String cookie, String identityKey, Object holder, long now,
            ToIntFunction<Identity> maxPerUserOf, LeaseSource leases) {
        Login login = cookie == null ? null : logins.get(cookie);
        if (login == null) {
            return new Claim.Refused(Refusal.UNKNOWN, cookie == null ? "-" : idOf(cookie));
        }
        // Past the session timeout even while the old tunnel still seems alive: its next tick ends it.
        if (login.holder == null && login.pending == null && expired(login, now) || sessionOver(login, now)) {
            return new Claim.Refused(Refusal.EXPIRED, login.id);
        }
        if (!login.identity.certificateKey().equals(identityKey)) {
            return new Claim.Refused(Refusal.OTHER_IDENTITY, login.id);
        }
        if (login.pending != null) {
            return new Claim.Busy(login.id);
        }
        String user = login.identity.user();
        int maxPerUser = maxPerUserOf.applyAsInt(login.identity);
        int others = tunnelsByUser.getOrDefault(user, 0) - (login.holder != null ? 1 : 0);
        if (maxPerUser > 0 && others >= maxPerUser) {
            return new Claim.TooMany(login.identity, "user '" + user + "' already has " + others
                    + " tunnels (max-sessions-per-user " + maxPerUser + " of group '" + login.identity.group() + "')");
        }
        boolean newLease = login.lease == null;
        if (newLease) {
            login.lease = leases.lease(login.identity);
        }
        if (login.holder == null) {
            tunnelsByUser.merge(user, 1, Integer::sum);
        }
        login.pending = holder;
        return new Claim.Accepted(login, login.lease, newLease, Optional.ofNullable(login.settled));
    }

    /**
     * Past the cookie's deadline, or past the session timeout counted from the first CONNECT: reconnecting does not
     * extend a session.
     */
    private boolean expired(Login login, long now) {
        return now - login.deadline >= 0 || sessionOver(login, now);
    }

    private boolean sessionOver(Login login, long now) {
        return sessionNanos > 0 && login.settled != null && now - login.settled.started() >= sessionNanos;
    }

    private void untrack(Login login) {
        tunnelsByUser.computeIfPresent(login.identity.user(), (u, n) -> n > 1 ? n - 1 : null);
    }

    /**
     * The CONNECT {@code holder} was accepted: it holds the cookie now; {@code settled} is kept when it is the login's
     * first. Returns the tunnel that held it until now (a
     * reconnect can arrive before the gateway noticed the old connection died), which the caller closes; or null.
     */
    public synchronized Object commit(Login login, Object holder, Settled settled) {
        if (login.pending != holder) {
            throw new IllegalStateException("commit without a claim of login " + login.id);
        }
        login.pending = null;
        if (login.settled == null) {
            login.settled = settled;
        }
        Object previous = login.holder;
        login.holder = holder;
        return previous;
    }

    /** The tunnel holding this login now, or null. */
    public synchronized Object holder(Login login) {
        return login.holder;
    }

    /**
     * The tunnel {@code holder} ended. A logout ends the login (its lease is returned for release); otherwise the
     * cookie stays valid for the cookie timeout (reconnects). Nothing changes when another tunnel took over.
     *
     * @return the lease to release, or null
     */
    public synchronized Lease release(Login login, Object holder, boolean logout, long now) {
        if (login.holder != holder) {
            return null;
        }
        login.holder = null;
        if (login.pending == null) {
            untrack(login);
        }
        if (logout && login.pending != null) {
            // A reconnect is being decided right now: the login expires as soon as that one is done with it.
            login.deadline = now;
            return null;
        }
        if (logout) {
            remove(login);
            Lease lease = login.lease;
            login.lease = null;
            return lease;
        }
        login.deadline = now + timeoutNanos;
        return null;
    }

    /**
     * Undoes a {@link #claim} whose CONNECT was refused after it: a tunnel that held the cookie keeps it; otherwise the
     * cookie is free again (for the cookie timeout), and a lease bound during this CONNECT is unbound, to be released
     * by the caller.
     *
     * @param hadLease whether the login had its lease before this CONNECT (then it stays, for reconnects)
     * @return the lease to release, or null
     */
    public synchronized Lease abandon(Login login, Object holder, boolean hadLease, long now) {
        if (login.pending != holder) {
            return null;
        }
        login.pending = null;
        if (login.holder != null) {
            return null; // the tunnel that held the cookie goes on, with its lease
        }
        untrack(login);
        login.deadline = now + timeoutNanos;
        if (hadLease) {
            return null;
        }
        Lease lease = login.lease;
        login.lease = null;
        return lease;
    }

    /** Removes the logins that expired (no tunnel, past the deadline); their leases are to be released. */
    public synchronized List<Login> sweep(long now) {
        List<Login> gone = new ArrayList<>();
        for (Iterator<Login> it = logins.values().iterator(); it.hasNext();) {
            Login login = it.next();
            if (login.holder == null && login.pending == null && expired(login, now)) {
                it.remove();
                unindex(login);
                gone.add(login);
            }
        }
        return gone;
    }

    /** Takes the lease of an expired login (returned by {@link #sweep}) for release. */
    public synchronized Lease takeLease(Login login) {
        Lease lease = login.lease;
        login.lease = null;
        return lease;
    }

    public synchronized int size() {
        return logins.size();
    }

    /** A short, stable, non-secret name for a cookie in logs. */
    static String idOf(String cookie) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(cookie.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
