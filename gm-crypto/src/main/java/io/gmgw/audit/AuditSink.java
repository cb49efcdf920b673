package io.gmgw.audit;

/**
 * Where audit events go: the hash-chained audit log (acl-integrity's {@code AuditLogFile}), the {@code audit} logger
 * ({@link LoggingAuditSink}), an operations centre's collector, or several ({@link #tee}).
 */
@FunctionalInterface
public interface AuditSink {
    /**
     * Records {@code event} durably before returning.
     *
     * @throws AuditException when it cannot be recorded; the caller must not report success for the action
     */
    void record(AuditEvent event);

    /**
     * Records {@code events} in order, durably before returning; a sink that can write them together (one lock, one
     * sync to disk) does so.
     *
     * @throws AuditException when they cannot all be recorded
     */
    default void recordAll(java.util.List<AuditEvent> events) {
        events.forEach(this::record);
    }

    /** Records to {@code first}, then to {@code second}; a failure of either is a failure. */
    static AuditSink tee(AuditSink first, AuditSink second) {
        return new AuditSink() {
            @Override
            public void record(AuditEvent event) {
                first.record(event);
                second.record(event);
            }

            @Override
            public void recordAll(java.util.List<AuditEvent> events) {
                first.recordAll(events);
                second.recordAll(events);
            }
        };
    }
}
