package io.gmgw.crypto.key;

import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a password comes from: a file (first line, as systemd credentials and secret mounts provide it), an
 * environment variable, the console, or (tests) a value. The password itself never appears in a description, a log
 * or an exception message. Callers wipe the returned array.
 */
public interface PasswordSource {
    /** The password; a fresh array the caller wipes. */
    char[] password();

    /** Where the password comes from, safe to print (never the password). */
    String description();

    /**
     * The first line of a file, without its line terminator. The file (after symbolic links) must not be readable,
     * writable or executable by others, nor writable by its group: a secret anyone on the host can read protects
     * nothing ({@link KeyLoadException.Reason#INSECURE}, with the chmod that fixes it). Mode 0600 (or 0640 for a
     * service's group, or 0400 as systemd credentials are) is fine.
     */
    static PasswordSource fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        return new PasswordSource() {
            @Override
            public char[] password() {
                byte[] bytes;
                try {
                    requirePrivate(file);
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException e) {
                    throw new KeyLoadException(KeyLoadException.Reason.NOT_FOUND,
                            "password file " + file + " does not exist; create it (mode 0600) or choose another source");
                } catch (IOException e) {
                    throw new KeyLoadException(KeyLoadException.Reason.UNREADABLE,
                            "cannot read password file " + file + ": " + e.getMessage(), e);
                }
                try {
                    int end = 0;
                    while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                        end++;
                    }
                    CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, 0, end));
                    char[] out = new char[chars.remaining()];
                    chars.get(out);
                    Arrays.fill(chars.array(), '\0');
                    return out;
                } catch (CharacterCodingException e) {
                    throw new KeyLoadException(KeyLoadException.Reason.MALFORMED,
                            "password file " + file + " is not UTF-8 text", e);
                } finally {
                    Arrays.fill(bytes, (byte) 0);
                }
            }

            @Override
            public String description() {
                return "file " + file;
            }
        };
    }

    /** Refuses a secret file that others may read or change (where the file system has POSIX modes). */
    private static void requirePrivate(Path file) throws IOException {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return;
        }
        boolean others = mode.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)
                || mode.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)
                || mode.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
        boolean groupWrite = mode.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE);
        if (others || groupWrite) {
            throw new KeyLoadException(KeyLoadException.Reason.INSECURE, "the secret file " + file + " has mode "
                    + java.nio.file.attribute.PosixFilePermissions.toString(mode) + ": other users may "
                    + (others ? "read" : "change") + " it, so gmgw does not use it; restrict it with 'chmod 600 "
                    + file + "' (640 for a service's group)");
        }
    }

    /** An environment variable. */
    static PasswordSource fromEnvironment(String variable) {
        Objects.requireNonNull(variable, "variable");
        return new PasswordSource() {
            @Override
            public char[] password() {
                String v = System.getenv(variable);
                if (v == null) {
                    throw new KeyLoadException(KeyLoadException.Reason.PASSWORD_REQUIRED,
                            "environment variable " + variable + " is not set; export it or choose another password source");
                }
                return v.toCharArray();
            }

            @Override
            public String description() {
                return "environment variable " + variable;
            }
        };
    }

    /** Asks on the console without echo; fails when there is no console (a service, a pipe). */
    static PasswordSource fromConsole(String prompt) {
        return new PasswordSource() {
            @Override
            public char[] password() {
                Console console = System.console();
                if (console == null) {
                    throw new KeyLoadException(KeyLoadException.Reason.PASSWORD_REQUIRED,
                            "a password is needed but there is no terminal to ask on; give a password file or variable");
                }
                char[] pw = console.readPassword("%s", prompt);
                if (pw == null) {
                    throw new KeyLoadException(KeyLoadException.Reason.PASSWORD_REQUIRED, "no password entered");
                }
                return pw;
            }

            @Override
            public String description() {
                return "terminal prompt";
            }
        };
    }

    /** A fixed value, for tests and for passwords the caller already holds. */
    static PasswordSource of(char[] password) {
        char[] copy = password.clone();
        return new PasswordSource() {
            @Override
            public char[] password() {
                return copy.clone();
            }

            @Override
            public String description() {
                return "given password";
            }
        };
    }
}
