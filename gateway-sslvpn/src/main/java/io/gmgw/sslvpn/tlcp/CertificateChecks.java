package io.gmgw.sslvpn.tlcp;

import io.gmgw.crypto.pki.FailureReason;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.VerificationResult;
import java.util.List;
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

    /**
     * True when {@code certificate} names {@code host}: a subjectAltName dNSName (one leading wildcard label allowed),
     * or, only when it has no dNSName at all, its common name (many GM certificates still carry the host there only).
     */
    public static boolean matchesHost(Sm2Certificate certificate, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        List<String> names = certificate.dnsNames();
        if (names.isEmpty()) {
            for (var rdn : certificate.subject().getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.CN)) {
                if (rdn.getFirst() != null && matches(rdn.getFirst().getValue().toString(), h)) {
                    return true;
                }
            }
            return false;
        }
        for (String n : names) {
            if (matches(n, h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(p.substring(1));
        }
        return p.equals(host);
    }
}
