package io.gmgw.cli.demo;

import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a demo step works with: the demo's directory (absolute; created by the first step), the process's
 * approved cryptographic module, the audit trail its CA, token and ACL operations are recorded in, and the directory
 * this process logs to (gmgw.log and audit.log; the summary names it).
 */
public record DemoContext(Path directory, CryptoModule module, Audit audit, Path logDirectory) {
    public DemoContext {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(logDirectory, "logDirectory");
        if (!directory.isAbsolute()) {
            throw new IllegalArgumentException("demo directory must be absolute: " + directory);
        }
    }

    /** Where each of the demo's files is. */
    public DemoLayout layout() {
        return new DemoLayout(directory);
    }
}
