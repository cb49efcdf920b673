package io.gmgw.crypto.pki;

import io.gmgw.crypto.core.MalformedEncodingException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The CRLReason codes of RFC 5280 §5.3.1 (value 7 is not used). */
public enum RevocationReason {
    UNSPECIFIED(0, "unspecified"),
    KEY_COMPROMISE(1, "keyCompromise"),
    CA_COMPROMISE(2, "cACompromise"),
    AFFILIATION_CHANGED(3, "affiliationChanged"),
    SUPERSEDED(4, "superseded"),
    CESSATION_OF_OPERATION(5, "cessationOfOperation"),
    CERTIFICATE_HOLD(6, "certificateHold"),
    REMOVE_FROM_CRL(8, "removeFromCRL"),
    PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn"),
    AA_COMPROMISE(10, "aACompromise");

    private final int code;
    private final String asn1Name;

    RevocationReason(int code, String asn1Name) {
        this.code = code;
        this.asn1Name = asn1Name;
    }

    /** The ENUMERATED value on the wire. */
    public int code() {
        return code;
    }

    /** The name RFC 5280 gives it (what OpenSSL and auditors print). */
    public String asn1Name() {
        return asn1Name;
    }

    public static RevocationReason fromCode(int code) {
        for (RevocationReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new MalformedEncodingException("CRL reason code " + code + " is not defined (RFC 5280 §5.3.1)");
    }

    /** A reason as people type it: its RFC 5280 §5.3.1 name or enum name, in any case, with or without hyphens. */
    public static Optional<RevocationReason> parse(String text) {
        String wanted = squash(text);
        return Arrays.stream(values())
                .filter(r -> squash(r.asn1Name()).equals(wanted) || squash(r.name()).equals(wanted))
                .findFirst();
    }

    /** The names a CA accepts for a revocation (removeFromCRL belongs to delta CRLs, which gmgw does not issue). */
    public static String accepted() {
        return Arrays.stream(values()).filter(r -> r != REMOVE_FROM_CRL)
                .map(RevocationReason::asn1Name).collect(Collectors.joining(", "));
    }

    private static String squash(String s) {
        return s.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
