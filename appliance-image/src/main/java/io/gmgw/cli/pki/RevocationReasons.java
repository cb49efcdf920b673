package io.gmgw.cli.pki;

import io.gmgw.crypto.pki.RevocationReason;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Revocation reasons as people type them: the RFC 5280 §5.3.1 names, in any case, with or without hyphens. */
final class RevocationReasons {
    private RevocationReasons() {
    }

    static Optional<RevocationReason> parse(String text) {
        String wanted = squash(text);
        return Arrays.stream(RevocationReason.values())
                .filter(r -> squash(r.asn1Name()).equals(wanted) || squash(r.name()).equals(wanted))
                .findFirst();
    }

    /** The names {@code pki revoke --reason} accepts (removeFromCRL belongs to delta CRLs, which gmgw does not issue). */
    static String accepted() {
        return Arrays.stream(RevocationReason.values()).filter(r -> r != RevocationReason.REMOVE_FROM_CRL)
                .map(RevocationReason::asn1Name).collect(Collectors.joining(", "));
    }

    private static String squash(String s) {
        return s.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
