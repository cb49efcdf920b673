package io.gmgw.crypto.ca;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.audit.AuditException;
import java.util.Locale;

/** The failure event of a CA operation: the exception's message is what an operator reads as the reason. */
final class CaAudit {
    private CaAudit() {
    }

    static Audit.Entry failure(Audit audit, AuditEventType type, Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Audit.Entry entry = audit.failure(type, reason);
        if (e instanceof CaException ca) {
            entry.detail("kind", ca.kind().name().toLowerCase(Locale.ROOT));
        } else {
            entry.detail("error", e.getClass().getSimpleName());
        }
        return entry;
    }

    /**
     * Writes the failure event of {@code cause}; if the audit log fails too, that is attached to {@code cause}, which
     * stays the error the caller reports.
     */
    static void write(Audit.Entry entry, Exception cause) {
        try {
            entry.write();
        } catch (AuditException e) {
            cause.addSuppressed(e);
        }
    }
}
