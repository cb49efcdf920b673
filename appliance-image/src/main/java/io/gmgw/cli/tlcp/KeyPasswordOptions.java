package io.gmgw.cli.tlcp;

import io.gmgw.cli.pki.PasswordSources;
import io.gmgw.crypto.key.PasswordSource;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The passwords of a TLCP endpoint's two encrypted key files: each key has its own options
 * ({@code --sign-key-password-file F}, {@code --enc-key-password-env VAR}, ...), and {@code --password-*} is the
 * shorthand for "both keys have this password", which may not be mixed with the per-key options (which key would it
 * be for?). A key without a password option is opened as unencrypted; a {@code pkcs11:} key takes its PIN the same way.
 */
public final class KeyPasswordOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--password-source", paramLabel = "SOURCE", description = "Password of both key files from "
            + "SOURCE: file:/path, env:NAME, systemd-credential:NAME or prompt. Not with the per-key options.")
    private String bothSource;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Password of both key files: the first line of FILE (mode 0600). Not with the per-key options.")
    private Path bothFile;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Password of both key files: variable VAR.")
    private String bothEnv;

    @Option(names = "--password-prompt", description = "Password of both key files: ask once on the terminal.")
    private boolean bothPrompt;

    @Option(names = "--sign-key-password-source", paramLabel = "SOURCE",
            description = "Password of the --sign-key file from SOURCE (the forms of --password-source).")
    private String signSource;

    @Option(names = "--sign-key-password-file", paramLabel = "FILE",
            description = "Password of the --sign-key file: the first line of FILE.")
    private Path signFile;

    @Option(names = "--sign-key-password-env", paramLabel = "VAR",
            description = "Password of the --sign-key file: the environment variable VAR.")
    private String signEnv;

    @Option(names = "--sign-key-password-prompt", description = "Password of the --sign-key file: ask on the terminal.")
    private boolean signPrompt;

    @Option(names = "--enc-key-password-source", paramLabel = "SOURCE",
            description = "Password of the --enc-key file from SOURCE (the forms of --password-source).")
    private String encSource;

    @Option(names = "--enc-key-password-file", paramLabel = "FILE",
            description = "Password of the --enc-key file: the first line of FILE.")
    private Path encFile;

    @Option(names = "--enc-key-password-env", paramLabel = "VAR",
            description = "Password of the --enc-key file: the environment variable VAR.")
    private String encEnv;

    @Option(names = "--enc-key-password-prompt", description = "Password of the --enc-key file: ask on the terminal.")
    private boolean encPrompt;

    private PasswordSource both;
    private boolean bothRead;

    /** The password source of the signing key, or null when it has none. */
    PasswordSource forSigningKey(String what) {
        checkNotMixed();
        PasswordSource own = PasswordSources.of(spec, "--sign-key-password", signSource, signFile, signEnv,
                signPrompt, what, false);
        return own != null ? own : both();
    }

    /** The password source of the encryption key, or null when it has none. */
    PasswordSource forEncryptionKey(String what) {
        checkNotMixed();
        PasswordSource own = PasswordSources.of(spec, "--enc-key-password", encSource, encFile, encEnv, encPrompt,
                what, false);
        return own != null ? own : both();
    }

    /** The shorthand's source, made once so that a prompt is shown once for both keys. */
    private PasswordSource both() {
        if (!bothRead) {
            both = PasswordSources.of(spec, "--password", bothSource, bothFile, bothEnv, bothPrompt, "the key files",
                    false);
            bothRead = true;
        }
        return both;
    }

    private void checkNotMixed() {
        boolean shorthand = bothSource != null || bothFile != null || bothEnv != null || bothPrompt;
        boolean perKey = signSource != null || signFile != null || signEnv != null || signPrompt
                || encSource != null || encFile != null || encEnv != null || encPrompt;
        if (shorthand && perKey) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--password-* gives both keys one password;"
                    + " it cannot be combined with --sign-key-password-* or --enc-key-password-*: give each key its"
                    + " own option instead");
        }
    }
}
