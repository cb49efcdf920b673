package io.gmgw.sslvpn.gateway;

import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.AuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every audit event in memory, for assertions. */
final class RecordingAuditSink implements AuditSink {
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEvent event) {
        events.add(event);
    }

    List<AuditEvent> of(String type) {
        return events.stream().filter(e -> e.event().equals(type)).toList();
    }
}
