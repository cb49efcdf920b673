package io.gmgw.audit;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What code that does security-relevant work holds to record it: a sink, a clock, the acting process and the
 * correlation ids every event of this context carries (the launcher's run id; a gateway adds a session id).
 * Handed down explicitly, never a global; {@link #toLogger} is what a library uses when nobody gave it one.
 *
 * <pre>{@code
 * audit.success(AuditEventType.CA_ISSUE).subject(dn).object(caFolder).correlate("serial", hex).write();
 * audit.failure(AuditEventType.TOKEN_LOGIN, "wrong PIN").object(token).detail("triesLeft", "2").write();
 * }</pre>
 */
public final class Audit {
    private final AuditSink sink;
    private final Clock clock;
    private final Actor actor;
    private final Map<String, String> correlation;

    public Audit(AuditSink sink, Clock clock, Actor actor, Map<String, String> correlation) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.actor = Objects.requireNonNull(actor, "actor");
        this.correlation = Map.copyOf(correlation);
    }

    /** Events on the {@code audit} logger only, for this process as program {@code gmgw}. */
    public static Audit toLogger(Clock clock) {
        return new Audit(new LoggingAuditSink(), clock, Actor.ofThisProcess("gmgw"), Map.of());
    }

    /** The same sink and clock; every event also carries {@code key = value}. */
    public Audit withCorrelation(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(correlation);
        more.put(key, value);
        return new Audit(sink, clock, actor, more);
    }

    /** The same sink and clock, acting as {@code program} (a subcommand, a gateway worker). */
    public Audit as(String program) {
        return new Audit(sink, clock, actor.running(program), correlation);
    }

    /** The same actor, clock and correlation ids, recording to {@code other} (an {@link AsyncAuditSink} over it). */
    public Audit withSink(AuditSink other) {
        return new Audit(other, clock, actor, correlation);
    }

    /**
     * The same sink, clock and correlation ids, for events {@code other} caused: an operator whose request this
     * process carries out (a disconnect asked for on the gateway's control socket).
     */
    public Audit by(Actor other) {
        return new Audit(sink, clock, other, correlation);
    }

    public Actor actor() {
        return actor;
    }

    public AuditSink sink() {
        return sink;
    }

    /** An event that succeeded. */
    public Entry success(AuditEventType type) {
        return new Entry(type, Outcome.SUCCESS, null);
    }

    /** An event that failed, and why (what an operator reads first). */
    public Entry failure(AuditEventType type, String reason) {
        return new Entry(type, Outcome.FAILURE, Objects.requireNonNull(reason, "reason"));
    }

    /**
     * An event that failed with {@code cause}: its message (what an operator reads) is the reason, its type a
     * detail.
     */
    public Entry failure(AuditEventType type, Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new Entry(type, Outcome.FAILURE, reason).detail("error", cause.getClass().getSimpleName());
    }

    /** One event being described; {@link #write()} records it. Not thread-safe; use once. */
    public final class Entry {
        private final AuditEventType type;
        private final Outcome outcome;
        private Severity severity;
        private String subject;
        private String object;
        private String reason;
        private final Map<String, String> ids = new LinkedHashMap<>(correlation);
        private final Map<String, String> details = new LinkedHashMap<>();

        private Entry(AuditEventType type, Outcome outcome, String reason) {
            this.type = Objects.requireNonNull(type, "type");
            this.outcome = outcome;
            this.reason = reason;
            this.severity = type.severity(outcome);
        }

        /** Whom or what the event concerns: a certificate's subject, a user, a peer. */
        public Entry subject(String subject) {
            this.subject = subject;
            return this;
        }

        /** What was acted on: a file, a token, a CA folder, a listening address. */
        public Entry object(String object) {
            this.object = object;
            return this;
        }

        /** Why (a success may carry a note too, e.g. a warning that revocation is off). */
        public Entry reason(String reason) {
            this.reason = reason;
            return this;
        }

        /** A severity other than the type's default for this outcome. */
        public Entry severity(Severity severity) {
            this.severity = Objects.requireNonNull(severity, "severity");
            return this;
        }

        /** A correlation id: a session, a certificate serial, an ACL version. */
        public Entry correlate(String key, String value) {
            if (value != null) {
                ids.put(key, value);
            }
            return this;
        }

        /** A detail; null values are left out. */
        public Entry detail(String key, Object value) {
            if (value != null) {
                details.put(key, value.toString());
            }
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(clock.instant().truncatedTo(ChronoUnit.MILLIS), type.id(), outcome, severity, actor,
                    subject, object, reason, ids, details);
        }

        /**
         * Records the event in the sink.
         *
         * @throws AuditException when the sink could not record it
         */
        public void write() {
            sink.record(build());
        }

        /**
         * Records the failure event of {@code cause}, which the caller goes on to throw: if the record cannot be
         * written either, that is attached to {@code cause} (suppressed) instead of replacing it.
         */
        public void writeFor(Throwable cause) {
            try {
                write();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
