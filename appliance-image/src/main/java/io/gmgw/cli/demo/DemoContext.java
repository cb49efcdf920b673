package io.gmgw.cli.demo;

import io.gmgw.crypto.CryptoModule;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a demo step works with: the demo's directory (absolute; created by the first step) and the process's
 * approved cryptographic module.
 */
public record DemoContext(Path directory, CryptoModule module) {
    public DemoContext {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(module, "module");
        if (!directory.isAbsolute()) {
            throw new IllegalArgumentException("demo directory must be absolute: " + directory);
        }
    }
}
