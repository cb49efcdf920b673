package io.gmgw.crypto.pki;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Finds the end-entity certificate(s) of a chain presented in no particular order. */
final class EndEntities {
    private EndEntities() {
    }

    /**
     * The certificates of {@code presented} that issue none of the others (judged by names and key identifiers, as
     * {@link PathBuilder} does); when there are several, those whose keyUsage fits {@code purpose}.
     */
    static List<Sm2Certificate> of(List<Sm2Certificate> presented, CertificatePurpose purpose) {
        List<Sm2Certificate> distinct = List.copyOf(new LinkedHashSet<>(presented));
        List<Sm2Certificate> ends = new ArrayList<>();
        for (Sm2Certificate c : distinct) {
            boolean issuesAnother = false;
            for (Sm2Certificate d : distinct) {
                if (d != c && PathBuilder.issues(c, d)) {
                    issuesAnother = true;
                    break;
                }
            }
            if (!issuesAnother) {
                ends.add(c);
            }
        }
        if (ends.size() <= 1) {
            return ends;
        }
        return ends.stream().filter(c -> fits(c, purpose)).toList();
    }

    private static boolean fits(Sm2Certificate c, CertificatePurpose purpose) {
        return switch (purpose) {
            case SIGNING -> c.isSigningCertificate() && !c.isEncryptionCertificate();
            case ENCRYPTION -> c.isEncryptionCertificate() && !c.isSigningCertificate();
            case CA -> c.isCa();
            case ANY -> true;
        };
    }
}
