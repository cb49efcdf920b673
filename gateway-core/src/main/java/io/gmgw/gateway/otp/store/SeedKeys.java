package io.gmgw.gateway.otp.store;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyOptions;
import io.gmgw.crypto.key.KeyProviders;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Opens the token store's seed key by reference: a path or {@code file:} URI is a software key ({@link Sm4SeedKey},
 * for the demo); any other scheme is an SM4 secret key that stays in its token, opened through the key providers on
 * the class path (pkcs11-bridge serves {@code pkcs11:...;type=secret-key}) and used as a {@link TokenSeedKey}.
 */
public final class SeedKeys {
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:");

    private SeedKeys() {
    }

    /**
     * The seed key named by {@code reference}.
     *
     * @throws io.gmgw.gateway.GatewayException (CONFIG) for an unreadable or unsafe key file
     * @throws io.gmgw.crypto.key.KeyLoadException when a token key cannot be opened (no token, wrong PIN, no SM4)
     */
    public static SeedKey open(String reference, CryptoModule module) {
        if (isFile(reference)) {
            return Sm4SeedKey.fromFile(module, path(reference));
        }
        return new TokenSeedKey(module, KeyProviders.load(module).openSm4(reference, KeyOptions.none()));
    }

    /** True when {@code reference} names a key file (a path or a {@code file:} URI). */
    public static boolean isFile(String reference) {
        return !SCHEME.matcher(reference).find() || reference.regionMatches(true, 0, "file:", 0, 5);
    }

    /** The file of a path or {@code file:} reference ({@code file:relative/path} is taken as written). */
    public static Path path(String reference) {
        if (!reference.regionMatches(true, 0, "file:", 0, 5)) {
            return Path.of(reference);
        }
        String rest = reference.substring(5);
        return rest.startsWith("//") ? Path.of(URI.create(reference)) : Path.of(rest);
    }
}
