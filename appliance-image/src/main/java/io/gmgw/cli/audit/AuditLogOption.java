package io.gmgw.cli.audit;

import io.gmgw.cli.Bootstrap;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --log FILE}: which audit log; by default this installation's (audit.log in the log folder). */
final class AuditLogOption {
    @Option(names = "--log", paramLabel = "FILE",
            description = "The audit log (default: audit.log in $GMGW_LOG_DIR, else in ~/.local/state/gmgw).")
    private Path log;

    Path file(Bootstrap bootstrap) {
        return log != null ? log : bootstrap.auditLog();
    }
}
