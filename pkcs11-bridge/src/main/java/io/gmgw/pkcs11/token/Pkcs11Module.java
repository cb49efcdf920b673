package io.gmgw.pkcs11.token;

import io.gmgw.audit.Audit;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.pkcs11.ModuleInfo;
import io.gmgw.pkcs11.Pkcs11Exception;
import io.gmgw.pkcs11.Pkcs11Library;
import io.gmgw.pkcs11.TokenInfo;
import io.gmgw.pkcs11.profile.ProfileException;
import io.gmgw.pkcs11.profile.VendorProfile;
import io.gmgw.pkcs11.profile.VendorProfiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PKCS#11 module in use by this process: the library (initialised once), its vendor profile, the tokens in use
 * with their session pools, and the listeners told when a token disappears. PKCS#11's C_Initialize/C_Finalize are
 * per process, so modules are shared per file through {@link #open} and reference-counted; the last
 * {@link #close()} finalises and unloads the library.
 */
public final class Pkcs11Module implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("pkcs11");
    /**
     * The soft smart key's store directory, as a system property ({@code GMGW_JAVA_OPTS=-Dgmgw.softkey.store=DIR});
     * unset: the module's own {@code GMGW_SOFTKEY_DIR}, then its default. Other modules ignore it.
     */
    public static final String SOFT_KEY_STORE_PROPERTY = "gmgw.softkey.store";
    /** Process-wide because PKCS#11 initialisation is: one entry per module file. Guarded by the class. */
    private static final Map<Path, Pkcs11Module> OPEN = new HashMap<>();

    private final Pkcs11Library library;
    private final VendorProfile profile;
    private final boolean explicitProfile;
    private final ModuleInfo info;
    private final Map<TokenSelector, Token> tokens = new HashMap<>();
    private final List<TokenListener> listeners = new CopyOnWriteArrayList<>();
    private int references;
    private ScheduledExecutorService monitor;

    private Pkcs11Module(Pkcs11Library library, VendorProfile explicit) {
        this.library = library;
        String store = System.getProperty(SOFT_KEY_STORE_PROPERTY);
        if (library.configureSoftKeyStore(store == null || store.isBlank() ? null : Path.of(store))) {
            LOG.info("PKCS#11 module {} is gmgw's soft smart key; its store: {}", library.path(), store == null
                    || store.isBlank() ? "GMGW_SOFTKEY_DIR, else /var/lib/gmgw/softkey" : store);
        }
        library.initialize();
        this.info = library.info();
        this.explicitProfile = explicit != null;
        this.profile = explicit != null ? explicit
                : VendorProfiles.builtIn().select(info.manufacturer(), info.description());
        LOG.info("PKCS#11 module {} ({} / {}) initialised, vendor profile {}{}", library.path(), info.manufacturer(),
                info.description(), profile.name(), explicitProfile ? " (configured)" : " (matched)");
    }

    /** Opens (or shares) the module at {@code path}; {@code profile} null means: match by the module's CK_INFO. */
    public static Pkcs11Module open(Path path, VendorProfile profile) {
        Path key = path.toAbsolutePath().normalize();
        synchronized (Pkcs11Module.class) {
            Pkcs11Module m = OPEN.get(key);
            if (m == null) {
                Pkcs11Library lib = Pkcs11Library.load(key);
                try {
                    m = new Pkcs11Module(lib, profile);
                } catch (RuntimeException e) {
                    lib.close();
                    throw e;
                }
                OPEN.put(key, m);
            } else if (profile != null && !profile.name().equals(m.profile.name())) {
                throw new ProfileException("PKCS#11 module " + key + " is already in use with vendor profile "
                        + m.profile.name() + ", not " + profile.name() + "; use one profile per module");
            }
            m.references++;
            return m;
        }
    }

    /** Opens with a profile name, a profile file (a path containing '/'), or null to match. */
    public static Pkcs11Module open(Path path, String profileNameOrFile) {
        VendorProfile p = null;
        if (profileNameOrFile != null && !profileNameOrFile.isBlank()) {
            p = profileNameOrFile.contains("/") ? VendorProfiles.load(Path.of(profileNameOrFile))
                    : VendorProfiles.builtIn().require(profileNameOrFile);
        }
        return open(path, p);
    }

    public Pkcs11Library library() {
        return library;
    }

    public VendorProfile profile() {
        return profile;
    }

    public ModuleInfo info() {
        return info;
    }

    public Path path() {
        return library.path();
    }

    /** The tokens present now. */
    public List<TokenInfo> presentTokens() {
        List<TokenInfo> out = new ArrayList<>();
        for (long slot : library.slots(true)) {
            try {
                out.add(library.tokenInfo(slot));
            } catch (Pkcs11Exception e) {
                if (!e.isTokenGone()) {
                    throw e;
                }
            }
        }
        return out;
    }

    /** The one present token matching {@code selector}; absent or ambiguous is an error that lists what is there. */
    public TokenInfo findToken(TokenSelector selector) {
        List<TokenInfo> present = presentTokens();
        List<TokenInfo> match = present.stream().filter(selector::matches).toList();
        if (match.isEmpty()) {
            throw new TokenAbsentException("C_GetTokenInfo", "no token matching " + selector + " is present in "
                    + path() + "; present: " + (present.isEmpty() ? "none (insert the key)"
                            : String.join(", ", present.stream().map(t -> "'" + t.label() + "' (slot " + t.slotId()
                                    + ", serial " + t.serialNumber() + ")").toList())));
        }
        if (match.size() > 1) {
            throw new TokenAbsentException("C_GetTokenInfo", match.size() + " tokens match " + selector + " in "
                    + path() + "; name one by serial= or slot-id=");
        }
        return match.get(0);
    }

    /** The shared session pool of a token, logins recorded on the {@code audit} logger only. */
    public Token token(TokenSelector selector, PasswordSource pin, int maxSessions) {
        return token(selector, pin, maxSessions, Audit.toLogger(Clock.systemUTC()));
    }

    /**
     * The shared session pool of a token; released with {@link Token#close()}. Its logins, wrong PINs and lock-out
     * are recorded through {@code audit} (the first caller's PIN source and audit serve every later one).
     */
    public Token token(TokenSelector selector, PasswordSource pin, int maxSessions, Audit audit) {
        synchronized (this) {
            Token t = tokens.computeIfAbsent(selector, s -> new Token(this, s, pin, maxSessions, audit));
            t.retain();
            return t;
        }
    }

    synchronized void forget(Token token) {
        tokens.remove(token.selector(), token);
    }

    public void addListener(TokenListener listener) {
        listeners.add(listener);
    }

    public void removeListener(TokenListener listener) {
        listeners.remove(listener);
    }

    void fire(TokenEvent event) {
        LOG.warn("token '{}' (serial {}, slot {}) of {} {}", event.label(), event.serial(), event.slotId(),
                event.module(), event.kind() == TokenEvent.Kind.REMOVED ? "was removed" : "is present again");
        for (TokenListener l : listeners) {
            try {
                l.onTokenEvent(event);
            } catch (RuntimeException e) {
                LOG.error("token listener {} failed on {}: {}", l, event, e.toString());
            }
        }
    }

    /** Checks every token in use for removal or re-insertion now (the monitor calls this periodically). */
    public void poll() {
        List<Token> inUse;
        synchronized (this) {
            inUse = List.copyOf(tokens.values());
        }
        for (Token t : inUse) {
            t.checkPresence();
        }
    }

    /** Starts polling for token removal every {@code interval} on a daemon thread (stopped by the last close). */
    public synchronized void startMonitor(Duration interval) {
        if (monitor != null) {
            return;
        }
        monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pkcs11-monitor");
            t.setDaemon(true);
            return t;
        });
        monitor.scheduleWithFixedDelay(() -> {
            try {
                poll();
            } catch (RuntimeException e) {
                LOG.warn("token presence check on {} failed: {}", path(), e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        synchronized (Pkcs11Module.class) {
            if (--references > 0) {
                return;
            }
            OPEN.remove(path());
        }
        synchronized (this) {
            if (monitor != null) {
                monitor.shutdownNow();
            }
            for (Token t : List.copyOf(tokens.values())) {
                t.shutdown();
            }
            tokens.clear();
        }
        library.close();
        LOG.debug("PKCS#11 module {} finalised", path());
    }

    @Override
    public String toString() {
        return "Pkcs11Module[" + path() + ", profile " + profile.name() + "]";
    }
}
