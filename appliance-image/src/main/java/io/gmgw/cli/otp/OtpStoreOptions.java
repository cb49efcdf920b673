package io.gmgw.cli.otp;

import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.gateway.config.ConfigException;
import io.gmgw.gateway.config.GatewayConfigLoader;
import io.gmgw.gateway.config.OtpSettings;
import io.gmgw.gateway.otp.OtpPolicy;
import io.gmgw.gateway.otp.store.SeedKey;
import io.gmgw.gateway.otp.store.SeedKeys;
import io.gmgw.gateway.otp.store.TokenStore;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options that name a token store and its seed key, shared by every {@code gmgw otp} command: {@code --store} and
 * {@code --seed-key}, else the {@code otp} section of the gateway's configuration ({@code --config}), else the
 * defaults. The verifier's policy for unlock and resync is the configuration's too, so the operator's commands search
 * the same windows the gateway does.
 */
public final class OtpStoreOptions {
    static final String DEFAULT_STORE = "/var/lib/gmgw/otp";
    static final String DEFAULT_SEED_KEY = "file:/etc/gmgw/otp-seed.key";

    @Option(names = "--store", paramLabel = "DIR",
            description = "The token store folder (one 0600 file per token; created 0700 if missing). Default: "
                    + "--config's otp.token-store, else " + DEFAULT_STORE + ".")
    private Path store;

    @Option(names = "--seed-key", paramLabel = "KEY",
            description = "The SM4 key the seeds are sealed under: file:/path (32 hex digits, mode 0600) or "
                    + "pkcs11:token=..;object=..;type=secret-key?pin-source=file:/path. Default: --config's "
                    + "otp.seed-key, else " + DEFAULT_SEED_KEY + ".")
    private String seedKey;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The gateway's configuration (gateway.yaml): its otp section names the token store, the "
                    + "seed key and the verifier's windows (resync's search, unlock); --store and --seed-key win.")
    private Path config;

    private OtpSettings settings;

    /** The store's folder: --store, else the configuration's otp.token-store, else the default. */
    public Path store() {
        if (store != null) {
            return store;
        }
        if (config == null) {
            return Path.of(DEFAULT_STORE);
        }
        return settings().tokenStore().orElseThrow(() -> new CommandFailedException(ExitCode.CONFIG, config
                + " has no otp.token-store; set it there (docs/gateway.md) or give --store"));
    }

    /** The seed key's reference: --seed-key, else the configuration's otp.seed-key, else the default. */
    public String seedKey() {
        if (seedKey != null) {
            return seedKey;
        }
        if (config == null) {
            return DEFAULT_SEED_KEY;
        }
        return settings().seedKey().orElseThrow(() -> new CommandFailedException(ExitCode.CONFIG, config
                + " has no otp.seed-key; set it there (docs/gateway.md) or give --seed-key"));
    }

    /** The verifier's policy: the configuration's otp section, else the gateway's defaults. */
    public OtpPolicy policy() {
        return config == null ? OtpPolicy.DEFAULT : settings().policy();
    }

    /** The configuration's otp section, read once; every error of the file exits 78 with its place. */
    private OtpSettings settings() {
        if (settings == null) {
            try {
                settings = GatewayConfigLoader.load(config).otp();
            } catch (ConfigException e) {
                throw new CommandFailedException(ExitCode.CONFIG, e.getMessage() + "\n"
                        + e.errors().size() + " error" + (e.errors().size() == 1 ? "" : "s") + " in " + config
                        + "; every key is described in docs/gateway.md");
            } catch (IOException e) {
                throw new CommandFailedException(ExitCode.CONFIG, "cannot read " + config + ": " + e.getMessage());
            }
        }
        return settings;
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
        Path dir = store();
        if (!create && !Files.isDirectory(dir)) {
            throw new CommandFailedException(ExitCode.CONFIG, "no token store at " + dir.toAbsolutePath()
                    + "; check --store or --config's otp.token-store (default " + DEFAULT_STORE + "), or add tokens "
                    + "with 'gmgw otp import' or 'gmgw otp create'");
        }
        SeedKey key = SeedKeys.open(seedKey(), module);
        try {
            return TokenStore.open(dir, key, audit);
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
