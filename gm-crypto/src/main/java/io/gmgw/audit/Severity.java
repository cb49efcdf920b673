package io.gmgw.audit;

import java.util.Locale;

/**
 * How urgently an operations centre should look at an event, with the syslog (RFC 5424) severity each maps to when
 * events are forwarded: routine events are {@link #INFO}, changes of security state {@link #NOTICE}, refusals and
 * failed logins {@link #WARNING}, broken integrity {@link #ERROR}, and a cryptographic module out of service
 * {@link #CRITICAL}.
 */
public enum Severity {
    INFO(6),
    NOTICE(5),
    WARNING(4),
    ERROR(3),
    CRITICAL(2);

    private final int syslog;

    Severity(int syslog) {
        this.syslog = syslog;
    }

    /** The RFC 5424 severity number. */
    public int syslog() {
        return syslog;
    }

    /** The name in a record: {@code info}, {@code notice}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity of(String id) {
        for (Severity s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + id + "'");
    }
}
