package io.gmgw.audit;

/**
 * An audit record could not be written (an unwritable folder, a full disk, a broken log). Security-state changes
 * fail closed on it: a command that would change a CA, a token or a signed ACL refuses to run, and one that already
 * changed it reports that the change is not audited.
 */
public class AuditException extends RuntimeException {
    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuditException(String message) {
        super(message);
    }
}
