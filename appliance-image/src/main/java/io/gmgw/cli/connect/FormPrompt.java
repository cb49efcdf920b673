package io.gmgw.cli.connect;

import io.gmgw.sslvpn.client.AuthForm;
import io.gmgw.sslvpn.client.FormAnswerer;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Answers the gateway's login form for {@code gmgw connect} (a dynamic password after the certificate, or a user name
 * and a dynamic password; cstp.md §2.6): text inputs named {@code user...} take {@code --user}, as openconnect's
 * {@code --user} does, other text inputs are asked on the terminal; password inputs take one line from
 * {@code --otp-fd N} (a new line for each form, so a script can feed several), the first line of
 * {@code --otp-file FILE}, or the terminal without echo. A password never comes from the command line and is
 * never printed or logged.
 */
final class FormPrompt implements FormAnswerer {
    /** The longest line read as a password (a one-time password is 6 to 8 digits; the gateway takes up to 1024). */
    static final int MAX_LINE = 1024;

    /** The terminal, or what a test puts in its place. */
    interface Terminal {
        String readLine(String prompt);

        char[] readPassword(String prompt);
    }

    private final String user;
    private final Path passwordFile;
    private final Path passwordFd;
    private final Terminal terminal;
    private final Consumer<String> progress;
    private BufferedReader fdLines;

    /**
     * @param user         {@code --user}, or null
     * @param passwordFile {@code --otp-file}, or null
     * @param passwordFd   the file descriptor of {@code --otp-fd} as a path ({@code /proc/self/fd/N}), or null
     * @param terminal     the terminal, or null when there is none
     * @param progress     where the form's message goes (standard error)
     */
    FormPrompt(String user, Path passwordFile, Path passwordFd, Terminal terminal, Consumer<String> progress) {
        this.user = user;
        this.passwordFile = passwordFile;
        this.passwordFd = passwordFd;
        this.terminal = terminal;
        this.progress = progress;
    }

    /** The process's terminal, or null when standard input or output is not one. */
    static Terminal console() {
        Console c = System.console();
        if (c == null) {
            return null;
        }
        return new Terminal() {
            @Override
            public String readLine(String prompt) {
                return c.readLine("%s", prompt);
            }

            @Override
            public char[] readPassword(String prompt) {
                return c.readPassword("%s", prompt);
            }
        };
    }

    @Override
    public Optional<Map<String, String>> answer(AuthForm form) {
        if (!form.message().isEmpty()) {
            progress.accept(printable(form.message()));
        }
        if (!form.error().isEmpty()) {
            progress.accept("the gateway says: " + printable(form.error()));
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (AuthForm.Input in : form.visibleInputs()) {
            String label = in.label().isEmpty() ? in.name() + ":" : printable(in.label());
            if (in.isPassword()) {
                answers.put(in.name(), password(label));
            } else if (user != null && in.name().startsWith("user")) {
                answers.put(in.name(), user);
            } else {
                String typed = terminal == null ? null : terminal.readLine(label + " ");
                if (typed == null) {
                    throw new IllegalStateException("the gateway asks for '" + label + "' and there is no terminal "
                            + "to ask on" + (in.name().startsWith("user") ? "; give --user NAME" : ""));
                }
                answers.put(in.name(), typed.strip());
            }
        }
        return Optional.of(answers);
    }

    private String password(String label) {
        if (passwordFd != null) {
            return line(fdReader(), "--otp-fd");
        }
        if (passwordFile != null) {
            try (BufferedReader r = Files.newBufferedReader(passwordFile, StandardCharsets.UTF_8)) {
                return line(r, "--otp-file " + passwordFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --otp-file " + passwordFile + ": " + e.getMessage(),
                        e);
            }
        }
        if (terminal == null) {
            throw new IllegalStateException("the gateway asks for '" + label + "' and there is no terminal to ask on; "
                    + "give --otp-fd N or --otp-file FILE");
        }
        char[] typed = terminal.readPassword(label + " ");
        if (typed == null || typed.length == 0) {
            throw new IllegalStateException("no password entered for '" + label + "'");
        }
        try {
            return new String(typed).strip();
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    private BufferedReader fdReader() {
        if (fdLines == null) {
            try {
                fdLines = new BufferedReader(new InputStreamReader(Files.newInputStream(passwordFd),
                        StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --otp-fd (" + passwordFd + "): " + e.getMessage()
                        + "; open it in the shell, such as 3<otp.txt", e);
            }
        }
        return fdLines;
    }

    /** One line, at most {@link #MAX_LINE} characters, without its line end. */
    private static String line(BufferedReader r, String from) {
        StringBuilder b = new StringBuilder();
        try {
            int c;
            while ((c = r.read()) >= 0 && c != '\n') {
                if (b.length() >= MAX_LINE) {
                    throw new IllegalStateException(from + ": the password line is longer than " + MAX_LINE
                            + " characters");
                }
                b.append((char) c);
            }
            if (c < 0 && b.isEmpty()) {
                throw new IllegalStateException(from + ": no password line to read (end of input)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(from + ": " + e.getMessage(), e);
        }
        String s = b.toString();
        return (s.endsWith("\r") ? s.substring(0, s.length() - 1) : s).strip();
    }

    /** Text from the gateway, safe for the terminal: no control characters (no escape sequences). */
    private static String printable(String s) {
        return s.codePoints().filter(c -> !Character.isISOControl(c)).collect(StringBuilder::new,
                StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
