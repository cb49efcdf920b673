package io.gmgw.crypto.key;

import java.nio.file.Path;

/**
 * gmgw's one syntax for where a secret comes from (a PIN, a key password, a CA password), as RFC 7512's
 * {@code pin-source} names it in a pkcs11: URI and every {@code --pin-source} and {@code --*-password-source} option
 * takes it:
 * <ul>
 * <li>{@code file:/etc/gmgw/token.pin} or a plain absolute path: the first line of the file;</li>
 * <li>{@code env:GMGW_TOKEN_PIN}: an environment variable;</li>
 * <li>{@code systemd-credential:token-pin}: {@code $CREDENTIALS_DIRECTORY/token-pin}, as systemd's
 * {@code LoadCredential=}/{@code LoadCredentialEncrypted=} provide it to the service;</li>
 * <li>{@code prompt}: ask on the terminal.</li>
 * </ul>
 * A file must not be readable by others ({@link PasswordSource#fromFile}). The secret itself never appears in a
 * description, a log or a message.
 */
public final class SecretSources {
    /** The forms, for messages and help texts. */
    public static final String FORMS = "file:/path, env:NAME, systemd-credential:NAME or prompt";

    private SecretSources() {
    }

    public static PasswordSource parse(String spec) {
        return parse(spec, "Token PIN");
    }

    /** {@code promptLabel} names the secret at a {@code prompt} ("SO PIN", "Password of the CA key"). */
    public static PasswordSource parse(String spec, String promptLabel) {
        return parse(spec, promptLabel, System.getenv("CREDENTIALS_DIRECTORY"));
    }

    /** With the credentials directory given (tests). */
    static PasswordSource parse(String spec, String promptLabel, String credentialsDirectory) {
        if (spec == null || spec.isBlank()) {
            throw new KeyLoadException(KeyLoadException.Reason.PASSWORD_REQUIRED, "empty secret source: use " + FORMS);
        }
        String s = spec.strip();
        if (s.equals("prompt") || s.equals("prompt:")) {
            return PasswordSource.fromConsole(promptLabel + ": ");
        }
        if (s.startsWith("env:")) {
            String name = s.substring(4);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, "pin-source " + s
                        + " does not name an environment variable (env:NAME)");
            }
            return PasswordSource.fromEnvironment(name);
        }
        if (s.startsWith("systemd-credential:")) {
            String name = s.substring("systemd-credential:".length());
            if (name.isEmpty() || name.contains("/")) {
                throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, "pin-source " + s
                        + " does not name a credential (systemd-credential:NAME)");
            }
            if (credentialsDirectory == null || credentialsDirectory.isBlank()) {
                throw new KeyLoadException(KeyLoadException.Reason.PASSWORD_REQUIRED, "pin-source " + s
                        + " needs $CREDENTIALS_DIRECTORY: run gmgw as a systemd service with LoadCredential="
                        + name + ":/path/to/pin (or LoadCredentialEncrypted=)");
            }
            return PasswordSource.fromFile(Path.of(credentialsDirectory, name));
        }
        if (s.startsWith("file:")) {
            String path = s.substring(5);
            if (path.startsWith("//")) {
                path = path.substring(2); // file:///abs or file://localhost/abs
                if (!path.startsWith("/")) {
                    int slash = path.indexOf('/');
                    path = slash < 0 ? "" : path.substring(slash);
                }
            }
            return PasswordSource.fromFile(Path.of(path));
        }
        if (s.startsWith("/")) {
            return PasswordSource.fromFile(Path.of(s));
        }
        throw new KeyLoadException(KeyLoadException.Reason.MALFORMED, "unknown pin-source '" + s
                + "': use " + FORMS);
    }
}
