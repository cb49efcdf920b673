package io.gmgw.cli.otp;

import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.gateway.otp.store.SeedKey;
import io.gmgw.gateway.otp.store.SeedKeys;
import io.gmgw.gateway.otp.store.TokenStore;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that name a token store and its seed key, shared by every {@code gmgw otp} command. */
public final class OtpStoreOptions {
    static final String DEFAULT_STORE = "/var/lib/gmgw/otp";
    static final String DEFAULT_SEED_KEY = "file:/etc/gmgw/otp-seed.key";

    @Option(names = "--store", paramLabel = "DIR", defaultValue = DEFAULT_STORE,
            description = "The token store folder (one 0600 file per token; created 0700 if missing). "
                    + "Default: ${DEFAULT-VALUE}.")
    private Path store;

    @Option(names = "--seed-key", paramLabel = "KEY", defaultValue = DEFAULT_SEED_KEY,
            description = "The SM4 key the seeds are sealed under: file:/path (32 hex digits, mode 0600) or "
                    + "pkcs11:token=..;object=..;type=secret-key?pin-source=file:/path. Default: ${DEFAULT-VALUE}.")
    private String seedKey;

    public Path store() {
        return store;
    }

    public String seedKey() {
        return seedKey;
    }

    /** Opens the seed key (a token key: the token must be present and its PIN right), then the store. */
    public TokenStore open(CryptoModule module, Audit audit) throws IOException {
        return open(module, audit, true);
    }

    /**
     * As {@link #open(CryptoModule, Audit)}; with {@code create} false (read commands) a missing folder is an error
     * rather than a new empty store, so a mistyped --store does not list nothing.
     */
    public TokenStore open(CryptoModule module, Audit audit, boolean create) throws IOException {
        if (!create && !Files.isDirectory(store)) {
            throw new CommandFailedException(ExitCode.CONFIG, "no token store at " + store.toAbsolutePath()
                    + "; check --store (default " + DEFAULT_STORE + "), or add tokens with 'gmgw otp import' or "
                    + "'gmgw otp create'");
        }
        SeedKey key = SeedKeys.open(seedKey, module);
        try {
            return TokenStore.open(store, key, audit);
        } catch (IOException | RuntimeException e) {
            key.close();
            throw e;
        }
    }

    /** Who runs the command, for the audit records the store writes. */
    static String operator() {
        return System.getProperty("user.name", "unknown");
    }
}
