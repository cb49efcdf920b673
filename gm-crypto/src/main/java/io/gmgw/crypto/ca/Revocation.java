package io.gmgw.crypto.ca;

import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.pki.PemFiles;
import io.gmgw.crypto.pki.RevocationReason;
import io.gmgw.crypto.pki.RevokedCertificate;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.files.ExclusiveFileLock;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Revokes a certificate of a PKI folder ({@code pki revoke}): records it in the revocation index of the CA that issued
 * it (the issuing CA for end entities, the root for the issuing CA) and writes that CA's fresh CRL. Revoking again
 * with the same reason changes nothing, except writing the CRL an earlier, interrupted run could not; a different
 * reason is refused (a revocation cannot be changed). Recorded as a {@code ca.revoke} and a {@code ca.crl} event.
 */
public final class Revocation {
    /** Which certificate: by serial number (found in the CAs' ledgers), or the certificate itself. */
    public sealed interface Target {
        record Serial(BigInteger serial) implements Target {
        }

        /** {@code source} names where it came from, for messages (a file name). */
        record Certificate(Sm2Certificate certificate, String source) implements Target {
        }
    }

    public record Request(Target target, RevocationReason reason, Duration crlValidity) {
        public Request {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(crlValidity, "crlValidity");
            if (reason == RevocationReason.REMOVE_FROM_CRL) {
                throw new CaException(CaException.Kind.INVALID_REQUEST, "removeFromCRL belongs to delta CRLs, which "
                        + "gmgw does not issue; give one of " + RevocationReason.accepted());
            }
        }
    }

    /**
     * What happened. {@code alreadyRevoked}: an earlier revocation with the same reason was found ({@code revokedAt}
     * is its date); {@code crl} is the CRL written now, or null when the current one already lists the serial.
     */
    public record Result(BigInteger serial, String subject, PkiFolder.CaFolder issuer, RevocationReason reason,
            Instant revokedAt, boolean alreadyRevoked, Sm2Crl crl, int revokedCount) {
    }

    private Revocation() {
    }

    public static Result revoke(CryptoModule module, Audit audit, PkiFolder folder, Request request,
            PasswordSource caPassword, Consumer<String> notices) throws IOException {
        Result r;
        try {
            r = revokeLocked(module, folder, request, caPassword, notices);
        } catch (IOException | RuntimeException e) {
            Audit.Entry failed = CaAudit.failure(audit, AuditEventType.CA_REVOKE, e)
                    .object(folder.directory().toString()).detail("reason", request.reason().asn1Name());
            switch (request.target()) {
                case Target.Serial s -> failed.correlate("serial", StateFile.hex(s.serial()));
                case Target.Certificate c -> failed.correlate("serial", c.certificate().serialHex())
                        .subject(c.certificate().subject().toString());
            }
            failed.writeFor(e);
            throw e;
        }
        if (!r.alreadyRevoked()) {
            audit.success(AuditEventType.CA_REVOKE).subject(r.subject()).object(r.issuer().directory().toString())
                    .correlate("serial", StateFile.hex(r.serial())).detail("reason", r.reason().asn1Name())
                    .detail("revokedAt", r.revokedAt()).detail("ca", r.issuer().description()).write();
        }
        if (r.crl() != null) {
            CrlRenewal.recordIssued(audit, r.issuer(), r.crl());
        }
        return r;
    }

    private static Result revokeLocked(CryptoModule module, PkiFolder folder, Request request,
            PasswordSource caPassword, Consumer<String> notices) throws IOException {
        folder.requireCa();
        try (ExclusiveFileLock lock = folder.lock(notices)) {
            Sm2Certificate root = PemFiles.certificate(folder.root().certificate());
            Sm2Certificate intermediate = PemFiles.certificate(folder.intermediate().certificate());
            PkiFolder.CaFolder issuer;
            BigInteger serial;
            Sm2Certificate given = null;
            switch (request.target()) {
                case Target.Certificate c -> {
                    given = c.certificate();
                    serial = given.serialNumber();
                    issuer = issuedBy(module, given, intermediate) ? folder.intermediate()
                            : issuedBy(module, given, root) ? folder.root() : null;
                    if (issuer == null) {
                        throw new CaException(CaException.Kind.WRONG_DATA, c.source() + " (" + given + ", issued by '"
                                + given.issuer() + "') was not issued by the CAs in " + folder + "; revoke it at the "
                                + "CA that issued it");
                    }
                }
                case Target.Serial s -> {
                    serial = s.serial();
                    issuer = ledgerHolding(folder, serial);
                }
            }
            if (issuer.equals(folder.root()) && serial.equals(root.serialNumber())) {
                throw new CaException(CaException.Kind.WRONG_DATA, "serial " + StateFile.hex(serial) + " is the root "
                        + "CA's own certificate, which no CRL can revoke: to retire the root, remove "
                        + folder.root().certificate() + " from every verifier's trust anchors");
            }
            Sm2Certificate known = given;
            String subject = SerialLedgerFile.load(issuer.serials(), issuer.description()).find(serial)
                    .map(SerialLedgerFile.Entry::subject)
                    .orElse(known == null ? null : known.subject().toString());
            try (CertificateAuthority ca = CertificateAuthority.open(module, issuer, caPassword)) {
                Optional<RevocationIndex.Entry> earlier = ca.revocations().find(serial);
                if (earlier.isPresent()) {
                    RevokedCertificate e = earlier.get().revocation();
                    if (e.reason() != request.reason()) {
                        throw new CaException(CaException.Kind.WRONG_DATA, "serial " + e.serialHex() + " was already "
                                + "revoked on " + e.revocationDate() + " with reason " + e.reason().asn1Name()
                                + "; a revocation cannot be changed");
                    }
                    // An earlier run may have recorded the revocation but not written the CRL: write it now.
                    Sm2Crl crl = listedOnCurrentCrl(issuer, serial) ? null : ca.issueCrl(request.crlValidity());
                    return new Result(serial, subject, issuer, e.reason(), e.revocationDate(), true, crl,
                            ca.revocations().revocations().size());
                }
                Instant now = module.clock().instant().truncatedTo(ChronoUnit.SECONDS);
                ca.revoke(new RevokedCertificate(serial, now, request.reason()), subject == null ? "" : subject);
                Sm2Crl crl = ca.issueCrl(request.crlValidity());
                return new Result(serial, subject, issuer, request.reason(), now, false, crl,
                        ca.revocations().revocations().size());
            }
        }
    }

    private static boolean listedOnCurrentCrl(PkiFolder.CaFolder ca, BigInteger serial) {
        try {
            return PemFiles.crl(ca.crl()).find(serial).isPresent();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean issuedBy(CryptoModule module, Sm2Certificate cert, Sm2Certificate ca) {
        return cert.issuer().equals(ca.subject()) && cert.isSignedBy(module, ca.publicKey(), Sm2.defaultUserId());
    }

    /** The CA whose ledger lists {@code serial}; the issuing CA first (it issues nearly everything). */
    private static PkiFolder.CaFolder ledgerHolding(PkiFolder folder, BigInteger serial) throws IOException {
        for (PkiFolder.CaFolder ca : new PkiFolder.CaFolder[] {folder.intermediate(), folder.root()}) {
            if (SerialLedgerFile.load(ca.serials(), ca.description()).find(serial).isPresent()) {
                return ca;
            }
        }
        throw new CaException(CaException.Kind.WRONG_DATA, "serial " + StateFile.hex(serial) + " was not issued by "
                + "the CAs in " + folder + " (it is in neither " + folder.show(folder.intermediate().serials())
                + " nor " + folder.show(folder.root().serials()) + "); check the number with 'gmgw pki show CERT', "
                + "or revoke it at the CA that issued it");
    }
}
