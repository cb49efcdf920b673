package io.gmgw.sslvpn.tlcp.handshake;

import io.gmgw.crypto.pki.FailureReason;
import io.gmgw.crypto.pki.VerificationResult;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.util.Locale;

/** Turns certificate verification results into the alert GB/T 38636 §6.4.4 and TLS 1.1 use for each problem. */
public final class CertificateChecks {
    private CertificateChecks() {
    }

    public static AlertDescription alertFor(FailureReason reason) {
        return switch (reason) {
            case UNKNOWN_CA -> AlertDescription.UNKNOWN_CA;
            case EXPIRED, NOT_YET_VALID -> AlertDescription.CERTIFICATE_EXPIRED;
            case REVOKED -> AlertDescription.CERTIFICATE_REVOKED;
            case WRONG_KEY_USAGE, UNSUPPORTED_ALGORITHM, UNSUPPORTED_CRITICAL_EXTENSION ->
                    AlertDescription.UNSUPPORTED_CERTIFICATE;
            case CRL_INVALID, CRL_EXPIRED, CRL_NOT_YET_VALID, CRL_MISSING -> AlertDescription.CERTIFICATE_UNKNOWN;
            case MALFORMED, BAD_SIGNATURE, NOT_A_CA, PATH_TOO_LONG -> AlertDescription.BAD_CERTIFICATE;
        };
    }

    /** Throws the matching alert for a failed result; {@code whose} names the certificate ("server signing"...). */
    public static VerificationResult.Valid require(VerificationResult result, String whose) {
        return switch (result) {
            case VerificationResult.Valid v -> v;
            case VerificationResult.Invalid i -> throw new TlcpAlertException(alertFor(i.reason()),
                    "the " + whose + " certificate chain was rejected"
                            + (i.certificate() == null ? "" : " at " + i.certificate()) + ": "
                            + i.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + i.message());
        };
    }
}
