package io.gmgw.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit events as JSON lines on the {@code audit} logger, at a level from their severity: the readable mirror for the
 * console, the journal and {@code gmgw.log}. It is not the audit log: that is the hash-chained file, which nothing can
 * change or cut unnoticed. Alone it is what libraries use when nobody gave them an audit log (tests, embedding).
 */
public final class LoggingAuditSink implements AuditSink {
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    @Override
    public void record(AuditEvent event) {
        String line = event.toJson();
        switch (event.severity()) {
            case INFO, NOTICE -> AUDIT.info("{}", line);
            case WARNING -> AUDIT.warn("{}", line);
            case ERROR, CRITICAL -> AUDIT.error("{}", line);
        }
    }
}
