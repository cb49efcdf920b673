package io.gmgw.pkcs11.token;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.pkcs11.Ck;
import io.gmgw.pkcs11.CkRv;
import io.gmgw.pkcs11.Pkcs11Exception;
import io.gmgw.pkcs11.Pkcs11Library;
import io.gmgw.pkcs11.TokenInfo;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One token in use: a bounded pool of read-write sessions logged in as the user, shared by every key handle on the
 * token and safe for many threads. When the token is pulled out, the pool is dropped, the module's listeners get a
 * {@link TokenEvent.Kind#REMOVED} event, and operations fail with {@link TokenAbsentException}; when it is back, the
 * next operation finds it again (by label/serial, its slot may differ), logs in again and carries on. A rejected PIN
 * is never retried with the same source, so a wrong PIN in the configuration cannot lock the token.
 */
public final class Token implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("pkcs11");
    private static final long BORROW_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Work done with one session of the token. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Pkcs11Library library, long session);
    }

    private final Pkcs11Module module;
    private final TokenSelector selector;
    private final PasswordSource pin;
    private final Audit audit;
    private final int maxSessions;
    private final Object lock = new Object();
    private final Deque<Long> idle = new ArrayDeque<>();
    // guarded by lock
    private long slot = -1;
    private TokenInfo lastInfo;
    private boolean present;
    private boolean loggedIn;
    private long generation;
    private int open;
    private PinIncorrectException rejected;
    private int references;

    Token(Pkcs11Module module, TokenSelector selector, PasswordSource pin, int maxSessions, Audit audit) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("a session pool needs at least one session: " + maxSessions);
        }
        this.module = module;
        this.selector = selector;
        this.pin = pin;
        this.maxSessions = maxSessions;
        this.audit = audit;
    }

    void retain() {
        synchronized (lock) {
            references++;
        }
    }

    public TokenSelector selector() {
        return selector;
    }

    public Pkcs11Module module() {
        return module;
    }

    /** Changes each time the pool is dropped (token removed): object handles found before are no longer valid. */
    public long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    /** The sessions this pool has open (idle and in use), for leak checks. */
    public int openSessions() {
        synchronized (lock) {
            return open;
        }
    }

    /** What the token said about itself when last located. */
    public TokenInfo info() {
        synchronized (lock) {
            locate();
            return lastInfo;
        }
    }

    public String describe() {
        synchronized (lock) {
            return lastInfo == null ? selector + " in " + module.path()
                    : "token '" + lastInfo.label() + "' (serial " + lastInfo.serialNumber() + ", slot " + slot + ") of "
                            + module.path();
        }
    }

    /** Runs {@code work} with a logged-in session; retries once after the token was re-inserted or logged out. */
    public <T> T call(Work<T> work) {
        for (int attempt = 0; ; attempt++) {
            long gen;
            long session;
            synchronized (lock) {
                session = borrow();
                gen = generation;
            }
            try {
                T result = work.run(module.library(), session);
                release(session, gen);
                return result;
            } catch (Pkcs11Exception e) {
                long code = e.code();
                if (code == CkRv.DEVICE_REMOVED || code == CkRv.TOKEN_NOT_PRESENT || code == CkRv.SESSION_HANDLE_INVALID
                        || code == CkRv.SESSION_CLOSED) {
                    discard(session);
                    dropPool(gen, "operation failed with " + CkRv.name(code));
                    if (attempt == 0) {
                        continue; // re-locate: the token may be back, or this fails with TokenAbsentException
                    }
                    throw e;
                }
                if (code == CkRv.USER_NOT_LOGGED_IN && attempt == 0) {
                    synchronized (lock) {
                        loggedIn = false;
                    }
                    release(session, gen);
                    continue;
                }
                release(session, gen);
                throw e;
            } catch (RuntimeException | Error e) {
                release(session, gen);
                throw e;
            }
        }
    }

    private long borrow() {
        long deadline = System.nanoTime() + BORROW_TIMEOUT_NANOS;
        while (true) {
            locate();
            Long s = idle.pollFirst();
            if (s == null && open < maxSessions) {
                s = module.library().openSession(slot, true);
                open++;
            }
            if (s != null) {
                try {
                    ensureLoggedIn(s);
                } catch (RuntimeException e) {
                    idle.addFirst(s);
                    lock.notifyAll();
                    throw e;
                }
                return s;
            }
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                throw new Pkcs11Exception("C_OpenSession", CkRv.SESSION_COUNT, "all " + maxSessions + " sessions of "
                        + describe() + " stayed busy for 30 s; raise the pool size (x-sessions=) or lower the load",
                        true) {
                    private static final long serialVersionUID = 1L;
                };
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(lock, wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a session of " + describe(), e);
            }
        }
    }

    /** Finds the token's slot if not known; throws TokenAbsentException when it is not there. */
    private void locate() {
        if (slot >= 0 && present) {
            return;
        }
        TokenInfo info = module.findToken(selector);
        slot = info.slotId();
        lastInfo = info;
        present = true;
    }

    private void ensureLoggedIn(long session) {
        if (loggedIn) {
            return;
        }
        if (rejected != null) {
            throw rejected;
        }
        TokenInfo info = module.library().tokenInfo(slot);
        lastInfo = info;
        if (info.userPinLocked()) {
            throw locked(info);
        }
        if (pin == null) {
            if ((info.flags() & Ck.CKF_LOGIN_REQUIRED) != 0) {
                throw new KeyLoadException(KeyLoadException.Reason.PASSWORD_REQUIRED, describe()
                        + " needs a user PIN: give a pin-source (file:, env:, systemd-credential: or prompt)");
            }
            loggedIn = true;
            return;
        }
        char[] p = pin.password();
        try {
            module.library().login(session, Ck.CKU_USER, p);
            LOG.info("logged in to {} with the PIN from {}", describe(), pin.description());
            audit.success(AuditEventType.TOKEN_LOGIN).object(describe()).subject(lastInfo.serialNumber())
                    .detail("pinSource", pin.description()).write();
        } catch (Pkcs11Exception e) {
            if (e.code() == CkRv.USER_ALREADY_LOGGED_IN) {
                loggedIn = true;
                return;
            }
            if (e.code() == CkRv.PIN_INCORRECT) {
                TokenInfo after = module.library().tokenInfo(slot);
                String tries = after.userPinLocked() ? "the token is now locked"
                        : after.userPinFinalTry() ? "one more wrong PIN locks the token"
                        : after.userPinCountLow() ? "the token reports fewer tries left"
                        : "the token does not say how many tries are left";
                rejected = new PinIncorrectException(describe(), pin.description(), tries);
                LOG.error("{}", rejected.getMessage());
                audit.failure(AuditEventType.TOKEN_LOGIN, "wrong PIN: " + tries).object(describe())
                        .subject(after.serialNumber()).detail("pinSource", pin.description())
                        .detail("pinState", after.userPinState()).writeFor(rejected);
                if (after.userPinLocked()) {
                    locked(after);
                }
                throw rejected;
            }
            if (e.code() == CkRv.PIN_LOCKED) {
                throw locked(module.library().tokenInfo(slot));
            }
            throw e;
        } finally {
            Arrays.fill(p, '\0');
        }
        loggedIn = true;
    }

    /** The lock-out, as an audit event; returned for the caller to throw. */
    private TokenLockedException locked(TokenInfo info) {
        TokenLockedException e = new TokenLockedException(describe());
        audit.failure(AuditEventType.TOKEN_LOCKED, "the user PIN is locked after too many wrong PINs; unblock it "
                + "with the SO PIN (gmgw token unblock)").object(describe()).subject(info.serialNumber()).writeFor(e);
        return e;
    }

    private void release(long session, long gen) {
        synchronized (lock) {
            if (gen == generation && references > 0) {
                idle.addFirst(session);
            } else {
                closeQuietly(session);
                open--;
            }
            lock.notifyAll();
        }
    }

    private void discard(long session) {
        synchronized (lock) {
            closeQuietly(session);
            open--;
            lock.notifyAll();
        }
    }

    private void closeQuietly(long session) {
        try {
            module.library().closeSession(session);
        } catch (Pkcs11Exception e) {
            // the session died with the token; nothing to release
        }
    }

    /** Drops the pool once per generation; fires REMOVED if the token is really gone. */
    private void dropPool(long gen, String why) {
        TokenEvent event = null;
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            generation++;
            for (Long s : idle) {
                closeQuietly(s);
                open--;
            }
            idle.clear();
            loggedIn = false;
            boolean stillThere = false;
            if (slot >= 0) {
                try {
                    stillThere = module.library().slotInfo(slot).tokenPresent();
                } catch (Pkcs11Exception e) {
                    stillThere = false;
                }
            }
            LOG.warn("session pool of {} dropped ({}); token {}", describe(), why, stillThere ? "still present" : "absent");
            if (!stillThere && present) {
                event = removed();
            }
            present = stillThere && present;
            lock.notifyAll();
        }
        if (event != null) {
            module.fire(event);
        }
    }

    private TokenEvent removed() {
        present = false;
        return new TokenEvent(TokenEvent.Kind.REMOVED, module.path(), slot,
                lastInfo == null ? selector.label() : lastInfo.label(),
                lastInfo == null ? selector.serial() : lastInfo.serialNumber());
    }

    /** Looks at the slot now: a token that vanished drops the pool and fires REMOVED; one that is back fires INSERTED. */
    void checkPresence() {
        TokenEvent event = null;
        long gen;
        synchronized (lock) {
            gen = generation;
            if (present && slot >= 0) {
                boolean there;
                try {
                    there = module.library().slotInfo(slot).tokenPresent();
                    if (there) {
                        TokenInfo info = module.library().tokenInfo(slot);
                        there = selector.matches(info)
                                && (lastInfo == null || info.serialNumber().equals(lastInfo.serialNumber()));
                    }
                } catch (Pkcs11Exception e) {
                    there = false;
                }
                if (there) {
                    return;
                }
            } else {
                boolean known = lastInfo != null;
                try {
                    locate();
                } catch (TokenAbsentException e) {
                    return;
                }
                if (!known) {
                    return; // never used yet: nothing to announce
                }
                event = new TokenEvent(TokenEvent.Kind.INSERTED, module.path(), slot, lastInfo.label(),
                        lastInfo.serialNumber());
            }
        }
        if (event != null) {
            module.fire(event);
            return;
        }
        dropPool(gen, "the token left its slot");
    }

    /** Closes this pool's sessions without touching the module's reference count (module shutdown). */
    void shutdown() {
        synchronized (lock) {
            references = 0;
            for (Long s : idle) {
                closeQuietly(s);
                open--;
            }
            idle.clear();
            loggedIn = false;
        }
    }

    /** Releases this user of the pool; the last one closes its sessions. */
    @Override
    public void close() {
        boolean last;
        synchronized (lock) {
            last = --references == 0;
        }
        if (last) {
            shutdown();
            module.forget(this);
        }
    }

    @Override
    public String toString() {
        return "Token[" + describe() + "]";
    }
}
