package io.gmgw.cli;

import io.gmgw.acl.log.AuditLogFile;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.AuditException;
import io.gmgw.audit.AuditSink;
import io.gmgw.audit.LoggingAuditSink;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The launcher's audit sink: every event goes to the {@code audit} logger (console, journal, gmgw.log) and to the
 * hash-chained {@code audit.log}. Fail closed where it matters: a command that changes security state calls
 * {@link #requireWritable} first, which opens the audit log or refuses the command (exit 81), and from then on a
 * record that cannot be written fails the command. Other commands go on when the audit log cannot be written, after
 * one warning on stderr.
 */
final class ProcessAudit implements AuditSink {
    private final Path file;
    private final PrintWriter err;
    private final AuditSink mirror = new LoggingAuditSink();
    private AuditLogFile log;
    private boolean strict;
    private boolean warned;

    ProcessAudit(Path file, PrintWriter err) {
        this.file = Objects.requireNonNull(file, "file");
        this.err = Objects.requireNonNull(err, "err");
    }

    Path file() {
        return file;
    }

    /**
     * Opens the audit log now and makes every later failure to record fatal.
     *
     * @throws CommandFailedException {@link ExitCode#AUDIT_UNAVAILABLE} when the audit log cannot be written
     */
    synchronized void requireWritable(String command) {
        strict = true;
        try {
            open();
        } catch (AuditException e) {
            throw new CommandFailedException(ExitCode.AUDIT_UNAVAILABLE, e.getMessage() + ". '" + command
                    + "' changes security state and does not run without its audit record; nothing was changed",
                    e);
        }
    }

    @Override
    public void record(AuditEvent event) {
        recordAll(java.util.List.of(event));
    }

    @Override
    public synchronized void recordAll(java.util.List<AuditEvent> events) {
        mirror.recordAll(events);
        try {
            open().recordAll(events);
        } catch (AuditException e) {
            if (strict) {
                throw e;
            }
            if (!warned) {
                warned = true;
                err.println("gmgw: warning: " + e.getMessage() + "; this command goes on (it changes no security "
                        + "state), its events are only in gmgw.log");
                err.flush();
            }
        }
    }

    private AuditLogFile open() {
        if (log == null) {
            log = AuditLogFile.open(file);
        }
        return log;
    }
}
