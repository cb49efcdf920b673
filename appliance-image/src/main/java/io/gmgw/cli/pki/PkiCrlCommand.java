package io.gmgw.cli.pki;

import io.gmgw.audit.Audit;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.ca.CrlRenewal;
import io.gmgw.crypto.ca.PkiFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw pki crl}: issues fresh CRLs of both CAs, each with the next CRL number. */
@ExitCodes(ExitCode.PERMISSION_DENIED)
@Command(name = "crl", mixinStandardHelpOptions = true,
        description = {"Issue fresh CRLs of the root CA and of the issuing CA from their revocation indexes, each with "
                + "a higher CRL number, and write them to root/ca.crl.pem and intermediate/ca.crl.pem (--ca: one of "
                + "them only).",
                "Run it before the CRLs' next update (from cron or a systemd timer): verifiers refuse expired CRLs."},
        footerHeading = "%nExample:%n", footer = "  gmgw pki crl --dir pki --days 7 --ca-password-file ca.pw")
final class PkiCrlCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private PkiDirectoryOption dir;

    @Option(names = "--days", paramLabel = "N", defaultValue = "30",
            description = "Days until the CRLs' next update (default: ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--ca", paramLabel = "both|root|intermediate", defaultValue = "both",
            description = {"Which CA's CRL to issue (default: ${DEFAULT-VALUE}). With the root key kept offline, "
                    + "'--ca intermediate' renews the issuing CA's CRL alone."})
    private String which;

    @Mixin
    private CaPasswordOptions caPassword;

    PkiCrlCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        Duration validity = PkiArguments.days(spec, "--days", days);
        boolean root = which.equals("both") || which.equals("root");
        boolean intermediate = which.equals("both") || which.equals("intermediate");
        if (!root && !intermediate) {
            throw PkiArguments.usage(spec, "--ca must be both, root or intermediate, not '" + which + "'");
        }
        Audit audit = bootstrap.auditForChange();
        CryptoModule module = bootstrap.approvedModule();
        PkiFolder folder = dir.folder();
        List<PkiFolder.CaFolder> cas = new ArrayList<>();
        if (root) {
            cas.add(folder.root());
        }
        if (intermediate) {
            cas.add(folder.intermediate());
        }
        PrintWriter err = spec.commandLine().getErr();
        List<CrlRenewal.Issued> issued = CrlRenewal.renew(module, audit, folder, cas, validity, caPassword.source(),
                notice -> err.println(notice));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Issued " + (issued.size() > 1 ? "fresh CRLs" : "a fresh CRL") + " in " + folder + ":");
        FileListing files = new FileListing(folder);
        issued.forEach(i -> files.add(i.ca().crl(), i.ca().description() + " " + FileListing.crl(i.crl())));
        files.print(out);
        out.flush();
        return ExitCode.OK.code();
    }
}
