package io.gmgw.cli.demo;

import io.gmgw.crypto.ca.CrlRenewal;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.pki.PemFiles;
import io.gmgw.crypto.pki.Sm2Crl;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the CRLs of the demo's root and issuing CA current: the gateway refuses every user and every ACL signer when
 * a CA's CRL is missing or past its next update (revocation checks are on in the demo's gateway.yaml, as they are by
 * default). A CRL that is there and good for {@link #MARGIN} more is kept; otherwise a fresh one is issued as
 * {@code gmgw pki crl} does (a {@code ca.crl} audit event each).
 */
final class CrlDemoStep implements DemoStep {
    /** Renewed this long before its next update, so a demo set up today still starts next week. */
    static final Duration MARGIN = Duration.ofDays(7);
    private static final Duration VALIDITY = Duration.ofDays(365);

    @Override
    public String name() {
        return "crl";
    }

    @Override
    public String run(DemoContext context) throws IOException {
        PkiFolder folder = context.layout().pki();
        Instant due = context.module().clock().instant().plus(MARGIN);
        List<PkiFolder.CaFolder> stale = new ArrayList<>();
        Instant earliest = null;
        for (PkiFolder.CaFolder ca : List.of(folder.root(), folder.intermediate())) {
            Instant next = nextUpdate(ca);
            if (next == null || next.isBefore(due)) {
                stale.add(ca);
            } else if (earliest == null || next.isBefore(earliest)) {
                earliest = next;
            }
        }
        if (stale.isEmpty()) {
            return "CRLs of the root and issuing CA current (next update " + earliest + "), kept";
        }
        List<CrlRenewal.Issued> issued = CrlRenewal.renew(context.module(), context.audit(), folder, stale, VALIDITY,
                null, null);
        return "issued " + String.join(", ", issued.stream().map(i -> i.ca().crl().toString()).toList())
                + " (next update " + issued.get(0).crl().nextUpdate().map(Object::toString).orElse("none") + ")";
    }

    /** The CRL's next update, or null when it is missing or says none. */
    private static Instant nextUpdate(PkiFolder.CaFolder ca) throws IOException {
        if (!Files.isRegularFile(ca.crl())) {
            return null;
        }
        Sm2Crl crl = PemFiles.crl(ca.crl());
        return crl.nextUpdate().orElse(null);
    }
}
