package io.gmgw.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Password and PIN files for tests, written as operators must write them: mode 0600 (gmgw refuses wider ones). */
public final class SecretFiles {
    private SecretFiles() {
    }

    /** Writes {@code content} to {@code file}, owner-only, and returns the file. */
    public static Path write(Path file, String content) {
        try {
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
