package io.gmgw.crypto.ca;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import java.util.Locale;

/** The failure event of a CA operation: the exception's message is the reason, a CA problem's kind a detail. */
final class CaAudit {
    private CaAudit() {
    }

    static Audit.Entry failure(Audit audit, AuditEventType type, Exception e) {
        Audit.Entry entry = audit.failure(type, e);
        if (e instanceof CaException ca) {
            entry.detail("kind", ca.kind().name().toLowerCase(Locale.ROOT));
        }
        return entry;
    }
}
