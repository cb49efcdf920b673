package io.gmgw.cli.pki;

import io.gmgw.crypto.key.KeyLoadException;
import io.gmgw.crypto.key.PasswordSource;
import java.io.Console;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * Turns the password options of a command ({@code --password-file F}, {@code --password-env VAR},
 * {@code --password-prompt}, or their {@code --ca-} forms) into one {@link PasswordSource}, read at most once per
 * command however many keys it opens or writes.
 */
public final class PasswordSources {
    private PasswordSources() {
    }

    /**
     * The source the options name, or null when none is given. At most one may be given. {@code what} names the key
     * in the prompt; {@code confirm} asks twice on the terminal (for a password that will encrypt a new key).
     */
    public static PasswordSource of(CommandSpec spec, String optionPrefix, Path file, String env, boolean prompt, String what,
            boolean confirm) {
        List<String> given = new ArrayList<>();
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
        PasswordSource source;
        if (file != null) {
            source = PasswordSource.fromFile(file);
        } else if (env != null) {
            source = PasswordSource.fromEnvironment(env);
        } else if (prompt) {
            source = confirm ? confirmedPrompt(what) : PasswordSource.fromConsole("Password for " + what + ": ");
        } else {
            return null;
        }
        return once(source);
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
