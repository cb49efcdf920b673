package io.gmgw.cli.pki;

import io.gmgw.audit.Audit;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.ca.Revocation;
import io.gmgw.crypto.pki.CertificateFiles;
import io.gmgw.crypto.pki.PemFiles;
import io.gmgw.crypto.pki.RevocationReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw pki revoke}: a revocation and the fresh CRL of the CA that issued the certificate ({@link Revocation}). */
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
        RevocationReason why = RevocationReason.parse(reason)
                .filter(r -> r != RevocationReason.REMOVE_FROM_CRL)
                .orElseThrow(() -> PkiArguments.usage(spec, "--reason '" + reason + "' is not one of "
                        + RevocationReason.accepted()));
        Duration crlValidity = PkiArguments.days(spec, "--crl-days", crlDays);
        Revocation.Target what = target.serial != null
                ? new Revocation.Target.Serial(PkiArguments.serial(spec, target.serial))
                : new Revocation.Target.Certificate(CertificateFiles.certificate(target.certificate, "--cert"),
                        target.certificate.toString());
        Audit audit = bootstrap.auditForChange();
        CryptoModule module = bootstrap.approvedModule();
        PkiFolder folder = dir.folder();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Revocation.Result r = Revocation.revoke(module, audit, folder, new Revocation.Request(what, why, crlValidity),
                caPassword.source(), notice -> err.println(notice));
        String serial = r.serial().toString(16).toUpperCase(Locale.ROOT);
        if (r.alreadyRevoked()) {
            out.println("Serial " + serial + " was already revoked on " + r.revokedAt() + " (" + r.reason().asn1Name()
                    + ").");
            if (r.crl() != null) {
                new FileListing(folder).add(r.issuer().crl(), FileListing.crl(r.crl())).print(out);
            }
        } else {
            out.println("Revoked serial " + serial + (r.subject() == null ? "" : " ('" + r.subject() + "')")
                    + " of the " + r.issuer().description() + ", reason " + why.asn1Name() + ", at " + r.revokedAt()
                    + ".");
            new FileListing(folder)
                    .add(r.issuer().revocations(), "revocation index, now " + r.revokedCount() + " revoked")
                    .add(r.issuer().crl(), FileListing.crl(r.crl()))
                    .print(out);
            out.println("Give the new CRL to every verifier (gateways, clients) before its next update.");
        }
        out.flush();
        return ExitCode.OK.code();
    }
}
