package io.gmgw.crypto.key;

import io.gmgw.audit.AuditEventType;
import io.gmgw.crypto.CryptoModule;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The key providers available to one crypto module, by URI scheme. A key is named by a URI
 * ({@code file:///etc/gmgw/keys/sign.pem}, {@code pkcs11:token=gw;object=sign}) or by a plain path, which means
 * {@code file:}.
 */
public final class KeyProviders {
    /** RFC 3986 scheme followed by ':' — at least two characters, so that nothing path-like is mistaken for one. */
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]+):");

    private final CryptoModule module;
    private final Map<String, KeyProvider> byScheme;

    private KeyProviders(CryptoModule module, Iterable<KeyProvider> providers) {
        this.module = Objects.requireNonNull(module, "module");
        Map<String, KeyProvider> map = new LinkedHashMap<>();
        for (KeyProvider p : providers) {
            for (String s : p.schemes()) {
                map.putIfAbsent(s.toLowerCase(Locale.ROOT), p);
            }
        }
        this.byScheme = Map.copyOf(map);
    }

    /** The providers registered with {@link ServiceLoader} on the class path. */
    public static KeyProviders load(CryptoModule module) {
        return new KeyProviders(module, ServiceLoader.load(KeyProvider.class, KeyProviders.class.getClassLoader()));
    }

    public static KeyProviders of(CryptoModule module, KeyProvider... providers) {
        return new KeyProviders(module, List.of(providers));
    }

    public Set<String> schemes() {
        return byScheme.keySet();
    }

    /**
     * Opens a key by URI or path, recording a {@code key.open} audit event (through the module's audit) either way:
     * which key (PIN values removed), which provider, and on failure why (a wrong password or PIN among them).
     */
    public KeyHandle open(String reference, KeyOptions options) {
        String shown = redact(reference);
        KeyHandle handle;
        try {
            handle = openUnaudited(reference, options);
        } catch (KeyLoadException e) {
            throw auditFailure(e, shown);
        }
        try {
            module.audit().success(AuditEventType.KEY_OPEN).object(handle.description())
                    .detail("reference", shown).detail("capabilities", handle.capabilities())
                    .detail("certificate", handle.certificateChain().isEmpty() ? null
                            : handle.certificateChain().get(0).subject())
                    .write();
        } catch (RuntimeException e) {
            handle.close(); // not used without its record
            throw e;
        }
        return handle;
    }

    /**
     * Opens an SM4 secret key by URI (a key that stays in its token), recording a {@code key.open} audit event either
     * way, as {@link #open} does.
     */
    public Sm4KeyHandle openSm4(String reference, KeyOptions options) {
        String shown = redact(reference);
        Sm4KeyHandle handle;
        try {
            URI uri = toUri(reference);
            handle = provider(uri, reference).openSm4(uri, options == null ? KeyOptions.none() : options, module);
        } catch (KeyLoadException e) {
            throw auditFailure(e, shown);
        }
        try {
            module.audit().success(AuditEventType.KEY_OPEN).object(handle.description()).detail("reference", shown)
                    .detail("capabilities", "sm4-encrypt").write();
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        return handle;
    }

    /**
     * Records the {@code key.open} failure of the key {@code shown} (PIN values removed) and returns {@code e} to be
     * thrown; an audit that fails too is attached to it, so the reason the key did not open is never lost.
     */
    private KeyLoadException auditFailure(KeyLoadException e, String shown) {
        try {
            module.audit().failure(AuditEventType.KEY_OPEN, e.getMessage()).object(shown)
                    .detail("kind", e.reason().name().toLowerCase(Locale.ROOT)).write();
        } catch (RuntimeException audit) {
            e.addSuppressed(audit);
        }
        return e;
    }

    private KeyHandle openUnaudited(String reference, KeyOptions options) {
        URI uri = toUri(reference);
        return provider(uri, reference).open(uri, options == null ? KeyOptions.none() : options, module);
    }

    private KeyProvider provider(URI uri, String reference) {
        KeyProvider provider = byScheme.get(uri.getScheme().toLowerCase(Locale.ROOT));
        if (provider == null) {
            throw new KeyLoadException(KeyLoadException.Reason.NO_PROVIDER, "no key provider for '" + uri.getScheme()
                    + ":' keys (" + redact(reference) + "); available: " + String.join(", ", byScheme.keySet())
                    + (uri.getScheme().equalsIgnoreCase("pkcs11") ? " — put gmgw's pkcs11-bridge on the class path" : ""));
        }
        return provider;
    }

    /** A URI for {@code reference}: itself when it starts with a scheme, otherwise a file URI of the path. */
    static URI toUri(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (reference.isBlank()) {
            throw new KeyLoadException(KeyLoadException.Reason.NOT_FOUND, "empty key reference");
        }
        if (SCHEME.matcher(reference).find()) {
            try {
                return new URI(reference);
            } catch (URISyntaxException e) {
                throw new KeyLoadException(KeyLoadException.Reason.MALFORMED,
                        "key reference is not a valid URI: " + redact(reference) + " (" + e.getReason() + ")", e);
            }
        }
        return Path.of(reference).toAbsolutePath().normalize().toUri();
    }

    /** The reference without PKCS#11 PIN values (RFC 7512 pin-value), safe for messages. */
    public static String redact(String reference) {
        return reference.replaceAll("(?i)(pin-value=)[^;?&]*", "$1***");
    }
}
