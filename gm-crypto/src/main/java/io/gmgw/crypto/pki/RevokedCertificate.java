package io.gmgw.crypto.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a CRL (RFC 5280 §5.1.2.6): the serial number, when it was revoked and why (the reasonCode entry
 * extension, §5.3.1; {@link RevocationReason#UNSPECIFIED} when absent).
 */
public record RevokedCertificate(BigInteger serialNumber, Instant revocationDate, RevocationReason reason) {
    public RevokedCertificate {
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(revocationDate, "revocationDate");
        Objects.requireNonNull(reason, "reason");
    }

    /** The entry for {@code certificate}. */
    public static RevokedCertificate of(Sm2Certificate certificate, Instant revocationDate, RevocationReason reason) {
        return new RevokedCertificate(certificate.serialNumber(), revocationDate, reason);
    }

    /** The serial number in upper-case hex, as {@link Sm2Certificate#serialHex()} prints it. */
    public String serialHex() {
        return serialNumber.toString(16).toUpperCase(java.util.Locale.ROOT);
    }
}
