package io.gmgw.cli.pki;

import io.gmgw.crypto.key.PasswordSource;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The password of the CA keys, when {@code pki init} encrypted them: a mixin for the commands that sign with them. */
public final class CaPasswordOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--ca-password-source", paramLabel = "SOURCE",
            description = "Password of the CA keys from SOURCE: file:/path, env:NAME, systemd-credential:NAME or "
                    + "prompt.")
    private String source;

    @Option(names = "--ca-password-file", paramLabel = "FILE",
            description = "Password of the CA keys: the first line of FILE.")
    private Path file;

    @Option(names = "--ca-password-env", paramLabel = "VAR",
            description = "Password of the CA keys: the environment variable VAR.")
    private String env;

    @Option(names = "--ca-password-prompt", description = "Password of the CA keys: ask on the terminal.")
    private boolean prompt;

    /** The source, or null when no option is given (the CA keys are then expected unencrypted). */
    PasswordSource source() {
        return PasswordSources.of(spec, "--ca-password", source, file, env, prompt, "the CA key", false);
    }
}
