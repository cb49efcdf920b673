package io.gmgw.crypto.pki;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a certificate of one's own stands in its validity period: a server checks its certificates and CA chain this
 * way when it starts, so that an expired or not yet valid certificate stops it with a clear message instead of being
 * found out by every client, and one about to expire is announced in time.
 */
public final class CertificateLifetime {
    private CertificateLifetime() {
    }

    /** What is wrong, or about to be. */
    public enum Kind {
        /** notAfter has passed: nobody will accept it. */
        EXPIRED,
        /** notBefore is still ahead (or the clock is behind): nobody will accept it yet. */
        NOT_YET_VALID,
        /** Valid, but notAfter is within the warning period. */
        EXPIRES_SOON
    }

    /** One finding about {@code certificate}, which {@code what} names ("the signing certificate sign.cert.pem"). */
    public record Finding(Kind kind, String what, Sm2Certificate certificate, String message) {
        /** Expired and not yet valid certificates cannot be used at all; one that expires soon still can. */
        public boolean isFatal() {
            return kind != Kind.EXPIRES_SOON;
        }
    }

    /**
     * The finding about {@code certificate} at {@code now}, or empty when it is valid for longer than
     * {@code warnAhead}. {@code what} names the certificate and where it came from, for the message.
     */
    public static Optional<Finding> check(String what, Sm2Certificate certificate, Instant now, Duration warnAhead) {
        Objects.requireNonNull(certificate, "certificate");
        String dates = " (valid from " + certificate.notBefore() + " to " + certificate.notAfter() + ", now " + now
                + ")";
        String id = what + " " + certificate;
        if (now.isAfter(certificate.notAfter())) {
            return Optional.of(new Finding(Kind.EXPIRED, what, certificate, id + " expired on "
                    + certificate.notAfter() + dates + "; have a new one issued (for a gmgw PKI: gmgw pki issue) and "
                    + "give it instead, or check the system clock"));
        }
        if (now.isBefore(certificate.notBefore())) {
            return Optional.of(new Finding(Kind.NOT_YET_VALID, what, certificate, id + " is not valid before "
                    + certificate.notBefore() + dates + "; check the system clock, or wait until then"));
        }
        Duration left = Duration.between(now, certificate.notAfter());
        if (left.compareTo(warnAhead) <= 0) {
            return Optional.of(new Finding(Kind.EXPIRES_SOON, what, certificate, id + " expires on "
                    + certificate.notAfter() + ", in " + describe(left) + "; have a new one issued before then"));
        }
        return Optional.empty();
    }

    private static String describe(Duration d) {
        long days = d.toDays();
        if (days >= 2) {
            return days + " days";
        }
        long hours = d.toHours();
        return hours >= 1 ? hours + " hours" : Math.max(0, d.toMinutes()) + " minutes";
    }
}
