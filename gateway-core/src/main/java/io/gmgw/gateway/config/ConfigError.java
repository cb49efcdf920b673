package io.gmgw.gateway.config;

import java.util.Objects;

/**
 * One configuration error at a place in a file: {@code line} and {@code column} count from 1, as editors and
 * compilers do. {@link #toString()} is the line an operator reads: {@code FILE:LINE:COLUMN: message}.
 */
public record ConfigError(String file, int line, int column, String message) {
    public ConfigError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column count from 1");
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
