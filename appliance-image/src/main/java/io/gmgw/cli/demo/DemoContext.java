package io.gmgw.cli.demo;

import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a demo step works with: the demo's directory (absolute; created by the first step), the process's
 * approved cryptographic module, and the audit trail its CA and key operations are recorded in.
 */
public record DemoContext(Path directory, CryptoModule module, Audit audit) {
    public DemoContext {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(audit, "audit");
        if (!directory.isAbsolute()) {
            throw new IllegalArgumentException("demo directory must be absolute: " + directory);
        }
    }
}
