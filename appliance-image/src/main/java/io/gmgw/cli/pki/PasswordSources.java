package io.gmgw.cli.pki;

import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.key.SecretSources;
import java.io.Console;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * Turns the password options of a command into one {@link PasswordSource}, read at most once per command however many
 * keys it opens or writes: {@code --password-source SOURCE} in gmgw's one secret syntax ({@link SecretSources}, the
 * same as every {@code --pin-source} and a pkcs11: URI's {@code pin-source}), or its shorthands
 * {@code --password-file F}, {@code --password-env VAR}, {@code --password-prompt}; likewise their {@code --ca-} and
 * per-key forms.
 */
public final class PasswordSources {
    private PasswordSources() {
    }

    /**
     * The source the options name, or null when none is given. At most one may be given. {@code what} names the key
     * in the prompt; {@code confirm} asks twice on the terminal (for a password that will encrypt a new key).
     */
    public static PasswordSource of(CommandSpec spec, String optionPrefix, Path file, String env, boolean prompt,
            String what, boolean confirm) {
        return of(spec, optionPrefix, null, file, env, prompt, what, confirm);
    }

    /** As above, with {@code source} the value of {@code PREFIX-source} (null when not given). */
    public static PasswordSource of(CommandSpec spec, String optionPrefix, String source, Path file, String env,
            boolean prompt, String what, boolean confirm) {
        List<String> given = new ArrayList<>();
        if (source != null) {
            given.add(optionPrefix + "-source");
        }
        if (file != null) {
            given.add(optionPrefix + "-file");
        }
        if (env != null) {
            given.add(optionPrefix + "-env");
        }
        if (prompt) {
            given.add(optionPrefix + "-prompt");
        }
        if (given.size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give one password source, not "
                    + String.join(" and ", given));
        }
        PasswordSource chosen;
        if (source != null && !(confirm && source.strip().equals("prompt"))) {
            chosen = SecretSources.parse(source, "Password for " + what);
        } else if (file != null) {
            chosen = PasswordSource.fromFile(file);
        } else if (env != null) {
            chosen = PasswordSource.fromEnvironment(env);
        } else if (prompt || source != null) {
            chosen = confirm ? confirmedPrompt(what) : PasswordSource.fromConsole("Password for " + what + ": ");
        } else {
            return null;
        }
        return once(chosen);
    }

    /** Reads {@code source} on first use and hands out copies afterwards, so a prompt is shown once. */
    static PasswordSource once(PasswordSource source) {
        return new PasswordSource() {
            private char[] password;

            @Override
            public synchronized char[] password() {
                if (password == null) {
                    password = source.password();
                }
                return password.clone();
            }

            @Override
            public String description() {
                return source.description();
            }
        };
    }

    /** Asks twice on the terminal; no terminal, no password or two different answers are failures. */
    private static PasswordSource confirmedPrompt(String what) {
        return new PasswordSource() {
            @Override
            public char[] password() {
                Console console = System.console();
                if (console == null) {
                    throw new KeyLoadException(KeyLoadException.Reason.PASSWORD_REQUIRED, "a password is needed to "
                            + "encrypt " + what + " but there is no terminal to ask on; give --password-file or "
                            + "--password-env instead");
                }
                char[] first = console.readPassword("New password for %s: ", what);
                char[] second = first == null ? null : console.readPassword("The same password again: ");
                if (first == null || second == null) {
                    throw new KeyLoadException(KeyLoadException.Reason.PASSWORD_REQUIRED, "no password entered");
                }
                boolean same = Arrays.equals(first, second);
                Arrays.fill(second, '\0');
                if (!same) {
                    Arrays.fill(first, '\0');
                    throw new KeyLoadException(KeyLoadException.Reason.WRONG_PASSWORD,
                            "the two passwords entered differ; run the command again");
                }
                return first;
            }

            @Override
            public String description() {
                return "terminal prompt";
            }
        };
    }
}
