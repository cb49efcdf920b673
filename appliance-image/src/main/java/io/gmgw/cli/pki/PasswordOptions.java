package io.gmgw.cli.pki;

import io.gmgw.crypto.key.PasswordSource;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The password of the keys a command opens or writes: {@code --password-file F} (its first line),
 * {@code --password-env VAR} or {@code --password-prompt}. A mixin; see {@link NewKeyOptions} for writing keys and
 * {@link CaPasswordOptions} for the CA's key.
 */
public final class PasswordOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--password-source", paramLabel = "SOURCE",
            description = "Key password from SOURCE: file:/path, env:NAME, systemd-credential:NAME or prompt.")
    private String source;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Key password: the first line of FILE (mode 0600, or a systemd credential).")
    private Path file;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Key password: the environment variable VAR.")
    private String env;

    @Option(names = "--password-prompt", description = "Key password: ask on the terminal.")
    private boolean prompt;

    /** The password source for opening keys, or null when no option is given. */
    public PasswordSource forOpening(String what) {
        return PasswordSources.of(spec, "--password", source, file, env, prompt, what, false);
    }

    /** The password source for encrypting new keys (asked twice at a prompt), or null when no option is given. */
    PasswordSource forNewKeys(String what) {
        return PasswordSources.of(spec, "--password", source, file, env, prompt, what, true);
    }

    boolean given() {
        return source != null || file != null || env != null || prompt;
    }
}
