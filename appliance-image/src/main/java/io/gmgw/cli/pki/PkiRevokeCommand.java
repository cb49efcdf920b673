package io.gmgw.cli.pki;

import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CertificateFiles;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.RevocationReason;
import io.gmgw.crypto.pki.RevokedCertificate;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.Sm2Crl;
import io.gmgw.crypto.sm2.Sm2;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gmgw pki revoke}: records a revocation in the revocation index of the CA that issued the certificate (the
 * issuing CA for end entities, the root for the issuing CA) and writes that CA's fresh CRL.
 */
@ExitCodes({ExitCode.DATA_ERROR, ExitCode.PERMISSION_DENIED})
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke a certificate of this PKI: record it in its CA's revocation index and write the CA's "
                + "fresh CRL (intermediate/ca.crl.pem, or root/ca.crl.pem for the issuing CA itself).",
                "Revoke both certificates of a pair when its keys are compromised. Revoking again with the same "
                        + "reason changes nothing (exit 0)."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw pki revoke --cert pki/issued/alice/sign.cert.pem \\",
                "      --reason keyCompromise --ca-password-file ca.pw",
                "  gmgw pki revoke --cert pki/issued/alice/enc.cert.pem \\",
                "      --reason keyCompromise --ca-password-file ca.pw"})
final class PkiRevokeCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Target target;

    /** Exactly one of --serial and --cert. */
    static final class Target {
        @Option(names = "--serial", paramLabel = "HEX", required = true,
                description = "Serial number in hex, as 'gmgw pki show' prints it (0x and colons are ignored).")
        String serial;

        @Option(names = "--cert", paramLabel = "FILE", required = true,
                description = "The certificate (PEM) to revoke.")
        Path certificate;
    }

    @Option(names = "--reason", paramLabel = "REASON", defaultValue = "unspecified",
            description = {"RFC 5280 §5.3.1 reason (default: ${DEFAULT-VALUE}): unspecified, keyCompromise, "
                    + "cACompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold, "
                    + "privilegeWithdrawn, aACompromise."})
    private String reason;

    @Option(names = "--crl-days", paramLabel = "N", defaultValue = "30",
            description = "Days until the new CRL's next update (default: ${DEFAULT-VALUE}).")
    private int crlDays;

    @Mixin
    private PkiDirectoryOption dir;

    @Mixin
    private CaPasswordOptions caPassword;

    PkiRevokeCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        RevocationReason why = RevocationReasons.parse(reason)
                .filter(r -> r != RevocationReason.REMOVE_FROM_CRL)
                .orElseThrow(() -> PkiArguments.usage(spec, "--reason '" + reason + "' is not one of "
                        + RevocationReasons.accepted()));
        Duration crlValidity = PkiArguments.days(spec, "--crl-days", crlDays);
        BigInteger serialArgument = target.serial == null ? null : PkiArguments.serial(spec, target.serial);
        CryptoModule module = bootstrap.approvedModule();
        PkiFolder folder = dir.folder();
        folder.requireCa();
        Sm2Certificate given = target.certificate == null ? null
                : CertificateFiles.certificate(target.certificate, "--cert");
        PrintWriter out = spec.commandLine().getOut();
        try (PkiLock lock = PkiLock.acquire(folder, spec.commandLine().getErr())) {
            Sm2Certificate root = PemFiles.certificate(folder.root().certificate());
            Sm2Certificate intermediate = PemFiles.certificate(folder.intermediate().certificate());
            PkiFolder.CaFolder issuer;
            BigInteger serial;
            if (given != null) {
                serial = given.serialNumber();
                issuer = issuedBy(module, given, intermediate) ? folder.intermediate()
                        : issuedBy(module, given, root) ? folder.root() : null;
                if (issuer == null) {
                    throw new CommandFailedException(ExitCode.DATA_ERROR, target.certificate + " ("
                            + given + ", issued by '" + given.issuer() + "') was not issued by the CAs in " + folder
                            + "; revoke it at the CA that issued it");
                }
            } else {
                serial = serialArgument;
                issuer = ledgerHolding(folder, serial);
            }
            if (issuer.equals(folder.root()) && serial.equals(root.serialNumber())) {
                throw new CommandFailedException(ExitCode.DATA_ERROR, "serial " + StateFile.hex(serial) + " is the "
                        + "root CA's own certificate, which no CRL can revoke: to retire the root, remove "
                        + folder.root().certificate() + " from every verifier's trust anchors");
            }
            String subject = SerialLedgerFile.load(issuer.serials(), issuer.description()).find(serial)
                    .map(SerialLedgerFile.Entry::subject).orElse(given == null ? null : given.subject().toString());
            try (CertificateAuthority ca = CertificateAuthority.open(module, issuer, caPassword.source())) {
                Optional<RevocationIndex.Entry> earlier = ca.revocations().find(serial);
                if (earlier.isPresent()) {
                    RevokedCertificate e = earlier.get().revocation();
                    if (e.reason() != why) {
                        throw new CommandFailedException(ExitCode.DATA_ERROR, "serial " + e.serialHex() + " was "
                                + "already revoked on " + e.revocationDate() + " with reason " + e.reason().asn1Name()
                                + "; a revocation cannot be changed");
                    }
                    out.println("Serial " + e.serialHex() + " was already revoked on " + e.revocationDate()
                            + " (" + e.reason().asn1Name() + ").");
                    if (!listedOnCurrentCrl(issuer, serial)) {
                        // An earlier run recorded the revocation but could not write the CRL: write it now.
                        new FileListing(folder).add(issuer.crl(), FileListing.crl(ca.issueCrl(crlValidity))).print(out);
                    }
                    out.flush();
                    return ExitCode.OK.code();
                }
                Instant now = module.clock().instant().truncatedTo(ChronoUnit.SECONDS);
                ca.revoke(new RevokedCertificate(serial, now, why), subject == null ? "" : subject);
                Sm2Crl crl = ca.issueCrl(crlValidity);
                out.println("Revoked serial " + StateFile.hex(serial) + (subject == null ? "" : " ('" + subject
                        + "')") + " of the " + issuer.description() + ", reason " + why.asn1Name() + ", at " + now
                        + ".");
                new FileListing(folder)
                        .add(issuer.revocations(), "revocation index, now " + ca.revocations().revocations().size()
                                + " revoked")
                        .add(issuer.crl(), FileListing.crl(crl))
                        .print(out);
                out.println("Give the new CRL to every verifier (gateways, clients) before its next update.");
                out.flush();
            }
        }
        return ExitCode.OK.code();
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
        throw new CommandFailedException(ExitCode.DATA_ERROR, "serial " + StateFile.hex(serial) + " was not "
                + "issued by the CAs in " + folder + " (it is in neither " + folder.show(folder.intermediate()
                .serials()) + " nor " + folder.show(folder.root().serials()) + "); check the number with 'gmgw pki "
                + "show CERT', or revoke it at the CA that issued it");
    }
}
