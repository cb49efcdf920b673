package io.gmgw.crypto.ca;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.files.ExclusiveFileLock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Issues fresh CRLs of a PKI folder's CAs ({@code pki crl}) from their revocation indexes, each with the next CRL
 * number, each recorded as a {@code ca.crl} audit event.
 */
public final class CrlRenewal {
    /** One CRL written. */
    public record Issued(PkiFolder.CaFolder ca, Sm2Crl crl) {
    }

    private CrlRenewal() {
    }

    /** Renews the CRL of each of {@code cas} (folders of {@code folder}), in that order. */
    public static List<Issued> renew(CryptoModule module, Audit audit, PkiFolder folder, List<PkiFolder.CaFolder> cas,
            Duration validity, PasswordSource caPassword, Consumer<String> notices) throws IOException {
        List<Issued> issued = new ArrayList<>();
        PkiFolder.CaFolder current = null;
        try {
            folder.requireCa();
            try (ExclusiveFileLock lock = folder.lock(notices)) {
                for (PkiFolder.CaFolder ca : cas) {
                    current = ca;
                    try (CertificateAuthority authority = CertificateAuthority.open(module, ca, caPassword)) {
                        Sm2Crl crl = authority.issueCrl(validity);
                        issued.add(new Issued(ca, crl));
                        recordIssued(audit, ca, crl);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            CaAudit.failure(audit, AuditEventType.CA_CRL, e).object((current == null
                    ? folder.directory() : current.directory()).toString()).writeFor(e);
            throw e;
        }
        return issued;
    }

    static void recordIssued(Audit audit, PkiFolder.CaFolder ca, Sm2Crl crl) {
        audit.success(AuditEventType.CA_CRL).subject(crl.issuer().toString()).object(ca.crl().toString())
                .correlate("crlNumber", crl.crlNumber().map(Object::toString).orElse(null))
                .detail("revoked", crl.revoked().size()).detail("thisUpdate", crl.thisUpdate())
                .detail("nextUpdate", crl.nextUpdate().orElse(null)).write();
    }
}
