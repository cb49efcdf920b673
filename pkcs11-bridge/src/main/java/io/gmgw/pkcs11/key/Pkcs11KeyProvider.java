package io.gmgw.pkcs11.key;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProvider;
import io.gmgw.crypto.key.KeyProviders;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.SecretSources;
import io.gmgw.crypto.key.Sm4KeyHandle;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.pkcs11.Pkcs11Exception;
import io.gmgw.pkcs11.Pkcs11LoadException;
import io.gmgw.pkcs11.profile.ProfileException;
import io.gmgw.pkcs11.token.PinIncorrectException;
import io.gmgw.pkcs11.token.Pkcs11Module;
import io.gmgw.pkcs11.token.Token;
import io.gmgw.pkcs11.token.TokenAbsentException;
import io.gmgw.pkcs11.token.TokenLockedException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code pkcs11:} key provider (registered through ServiceLoader): opens an SM2 private key in a PKCS#11 token
 * named by an RFC 7512 URI, so the TLCP engine, the PKI tool and the ACL signer use token keys with no code change.
 * The PIN comes from {@link KeyOptions#password()} when given, else from the URI's pin-source (see
 * {@link io.gmgw.crypto.key.SecretSources}), else from pin-value (discouraged: the PIN is then in the configuration).
 */
public final class Pkcs11KeyProvider implements KeyProvider {
    static final int DEFAULT_SESSIONS = 8;
    static final long DEFAULT_MONITOR_MILLIS = 2000;

    @Override
    public Set<String> schemes() {
        return Set.of("pkcs11");
    }

    @Override
    public KeyHandle open(URI uri, KeyOptions options, CryptoModule module) {
        String description = KeyProviders.redact(uri.toString());
        Pkcs11Uri u = Pkcs11Uri.parse(uri.toString());
        if (!u.type().equals("private")) {
            throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED, description + ": a key handle is a private"
                    + " key (type=private), not type=" + u.type()
                    + (u.type().equals("secret-key") ? " (an SM4 secret key seals token seeds: gmgw otp --seed-key)" : ""));
        }
        List<Sm2Certificate> chain = null;
        if (options.certificateChain() != null) {
            try {
                chain = Sm2Certificate.fromPem(Files.readString(options.certificateChain(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new KeyLoadException(KeyLoadException.Reason.UNREADABLE, "cannot read certificate chain "
                        + options.certificateChain() + ": " + e.getMessage(), e);
            }
        }
        List<Sm2Certificate> certs = chain;
        return withToken(u, options, module, description, (token, release) -> Pkcs11KeyHandle.open(module, token,
                u.object(), u.id(), certs, description, release));
    }

    /**
     * Opens the SM4 secret key named by a {@code pkcs11:...;object=LABEL;type=secret-key} URI: it stays in the token,
     * which encrypts for it.
     */
    @Override
    public Sm4KeyHandle openSm4(URI uri, KeyOptions options, CryptoModule module) {
        String description = KeyProviders.redact(uri.toString());
        Pkcs11Uri u = Pkcs11Uri.parse(uri.toString());
        if (!u.path().containsKey("type") || !u.type().equals("secret-key")) {
            throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED, description + ": an SM4 key is a secret key:"
                    + " add type=secret-key to the URI's path");
        }
        return withToken(u, options, module, description, (token, release) -> Pkcs11Sm4Key.open(token, u.object(),
                u.id(), description, release));
    }

    /** What to make of an opened token; {@code release} closes the token and its module. */
    private interface OnToken<T> {
        T open(Token token, Runnable release);
    }

    private static <T> T withToken(Pkcs11Uri u, KeyOptions options, CryptoModule module, String description,
            OnToken<T> onToken) {
        PasswordSource pin = options.password();
        if (pin == null && u.query().containsKey("pin-source")) {
            pin = SecretSources.parse(u.query().get("pin-source"));
        } else if (pin == null && u.query().containsKey("pin-value")) {
            pin = PasswordSource.of(u.query().get("pin-value").toCharArray());
        }
        int sessions = DEFAULT_SESSIONS;
        if (u.query().containsKey("x-sessions")) {
            try {
                sessions = Integer.parseInt(u.query().get("x-sessions"));
            } catch (NumberFormatException e) {
                sessions = -1;
            }
            if (sessions < 1 || sessions > 1024) {
                throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, description
                        + ": x-sessions must be a number from 1 to 1024");
            }
        }
        Pkcs11Module m;
        try {
            m = Pkcs11Module.open(u.modulePath(), u.query().get("x-profile"));
        } catch (Pkcs11LoadException e) {
            throw new KeyLoadException(KeyLoadException.Reason.NOT_FOUND, e.getMessage() + " (key " + description + ")", e);
        } catch (ProfileException e) {
            throw new KeyLoadException(KeyLoadException.Reason.UNSUPPORTED, e.getMessage(), e);
        } catch (Pkcs11Exception e) {
            throw new KeyLoadException(KeyLoadException.Reason.UNREADABLE, e.getMessage() + " (key " + description
                    + ")", e);
        }
        Token token = null;
        try {
            long monitorMillis = monitorMillis(u, description);
            if (monitorMillis > 0) {
                m.startMonitor(Duration.ofMillis(monitorMillis));
            }
            token = m.token(u.selector(), pin, sessions, module.audit());
            Token t = token;
            return onToken.open(token, () -> {
                t.close();
                m.close();
            });
        } catch (RuntimeException e) {
            if (token != null) {
                token.close();
            }
            m.close();
            throw translate(e, description);
        }
    }

    /**
     * How often the module's tokens are checked for removal: {@code x-monitor-ms} in the URI, else the system
     * property {@code gmgw.pkcs11.monitor.millis}, else {@value #DEFAULT_MONITOR_MILLIS} ms; 0 turns the check off
     * (removal is then noticed by the next operation).
     */
    private static long monitorMillis(Pkcs11Uri u, String description) {
        String v = u.query().getOrDefault("x-monitor-ms",
                System.getProperty("gmgw.pkcs11.monitor.millis", String.valueOf(DEFAULT_MONITOR_MILLIS)));
        try {
            long ms = Long.parseLong(v.strip());
            if (ms >= 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, description
                + ": x-monitor-ms must be a number of milliseconds (0: no presence check)");
    }

    private static RuntimeException translate(RuntimeException e, String description) {
        return switch (e) {
            case KeyLoadException k -> k;
            case PinIncorrectException p -> new KeyLoadException(KeyLoadException.Reason.WRONG_PASSWORD, p.getMessage(), p);
            case TokenLockedException l -> new KeyLoadException(KeyLoadException.Reason.WRONG_PASSWORD, l.getMessage(), l);
            case TokenAbsentException a -> new KeyLoadException(KeyLoadException.Reason.NOT_FOUND, a.getMessage(), a);
            case Pkcs11Exception p -> new KeyLoadException(KeyLoadException.Reason.UNREADABLE, p.getMessage()
                    + " (key " + description + ")", p);
            default -> e;
        };
    }
}
