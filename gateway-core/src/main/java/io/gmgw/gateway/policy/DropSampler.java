package io.gmgw.gateway.policy;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.gateway.packet.IpPacket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes ACL drops into the audit log, bounded: per rule of a group's ACL, the first drop of each interval becomes a
 * {@code policy.drop} record with its 5-tuple, the session and the number of drops of that rule not recorded since
 * the last sample; the others are only counted. So a flood costs at most (rules × sessions' groups) records per
 * interval, whatever the packet rate. Called on the data path: give it an {@link Audit} over an
 * {@code AsyncAuditSink}; a record that cannot be queued is counted ({@link #auditFailures()}) and never thrown into
 * the packet path (the packet is dropped either way).
 */
public final class DropSampler {
    private static final Logger LOG = LoggerFactory.getLogger("policy");

    private final Audit audit;
    private final LongSupplier nanoTicker;
    private final long intervalNanos;
    private final LongAdder auditFailures = new LongAdder();

    /**
     * @param nanoTicker a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
     * @param interval   at most one record per rule per interval
     */
    public DropSampler(Audit audit, LongSupplier nanoTicker, Duration interval) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
        this.intervalNanos = interval.toNanos();
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("the drop sampling interval must be positive: " + interval);
        }
    }

    /** Counts a drop by {@code rule} of {@code acl} and records it when it is the first of its interval. */
    void dropped(GroupAcl acl, int rule, IpPacket packet, Direction direction, String session, String user) {
        long now = nanoTicker.getAsLong();
        long last = acl.lastSample.get(rule);
        // 0 means never sampled: the first drop of a rule is always recorded.
        if (last != 0 && now - last < intervalNanos || !acl.lastSample.compareAndSet(rule, last, now == 0 ? 1 : now)) {
            acl.unsampled.incrementAndGet(rule);
            return;
        }
        long since = acl.unsampled.getAndSet(rule, 0);
        AccessListEntry e = acl.entry(rule);
        try {
            audit.failure(AuditEventType.POLICY_DROP, "denied by " + acl.describe(rule))
                    .subject(user).object(packet.describe())
                    .correlate("session", session).correlate("aclVersion", Long.toString(acl.version()))
                    .detail("group", acl.group()).detail("direction", direction.name().toLowerCase(java.util.Locale.ROOT))
                    .detail("rule", e == null ? "implicit deny" : e.text())
                    .detail("line", e == null ? null : e.line()).detail("protocol", packet.protocol())
                    .detail("source", packet.sourceAddress().getHostAddress())
                    .detail("sourcePort", packet.sourcePort() < 0 ? null : packet.sourcePort())
                    .detail("destination", packet.destinationAddress().getHostAddress())
                    .detail("destinationPort", packet.destinationPort() < 0 ? null : packet.destinationPort())
                    .detail("icmpType", packet.icmpType() < 0 ? null : packet.icmpType())
                    .detail("dropsSinceLastSample", since).write();
        } catch (RuntimeException ex) {
            auditFailures.increment();
            LOG.warn("group {}: a drop sample could not be recorded in the audit log: {}", acl.group(),
                    ex.toString());
        }
    }

    /** Samples that could not be recorded (the audit queue full or its file failing). */
    public long auditFailures() {
        return auditFailures.sum();
    }
}
