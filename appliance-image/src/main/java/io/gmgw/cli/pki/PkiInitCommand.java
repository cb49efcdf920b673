package io.gmgw.cli.pki;

import io.gmgw.audit.Audit;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.ca.CaSetup;
import io.gmgw.crypto.ca.KeyFileProtection;
import io.gmgw.crypto.ca.PkiFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x500.X500Name;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw pki init}: sets up the root and the issuing CA of a PKI folder ({@link CaSetup}). */
@ExitCodes({ExitCode.CANT_CREATE, ExitCode.PERMISSION_DENIED})
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a root CA and an issuing CA under it in DIR: their keys and certificates, the issuing "
                + "CA's chain file, a first (empty) CRL of each, and their state files.",
                "Never touches a folder that already holds a CA (exit 73), so running it twice is safe."},
        footerHeading = "%nExample:%n",
        footer = {"  gmgw pki init --dir pki --password-file ca.pw \\",
                "      --root-subject 'CN=Example Root CA, O=Example, C=CN'"})
final class PkiInitCommand implements Callable<Integer> {
    static final String DEFAULT_ROOT_SUBJECT = "CN=gmgw Root CA, O=gmgw";
    static final String DEFAULT_INTERMEDIATE_SUBJECT = "CN=gmgw Issuing CA, O=gmgw";

    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private PkiDirectoryOption dir;

    @Option(names = "--root-subject", paramLabel = "DN", defaultValue = DEFAULT_ROOT_SUBJECT,
            description = "Root CA name, as 'CN=..., O=..., C=CN' or '/C=CN/O=.../CN=...' (default: ${DEFAULT-VALUE}).")
    private String rootSubject;

    @Option(names = "--intermediate-subject", paramLabel = "DN", defaultValue = DEFAULT_INTERMEDIATE_SUBJECT,
            description = "Issuing CA name (default: ${DEFAULT-VALUE}).")
    private String intermediateSubject;

    @Option(names = "--root-days", paramLabel = "N", defaultValue = "3650",
            description = "Root CA validity in days (default: ${DEFAULT-VALUE}).")
    private int rootDays;

    @Option(names = "--intermediate-days", paramLabel = "N", defaultValue = "1825",
            description = "Issuing CA validity in days, at most the root's (default: ${DEFAULT-VALUE}).")
    private int intermediateDays;

    @Option(names = "--crl-days", paramLabel = "N", defaultValue = "30",
            description = "Days until the first CRLs' next update (default: ${DEFAULT-VALUE}).")
    private int crlDays;

    @Mixin
    private NewKeyOptions keys;

    PkiInitCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        X500Name root = PkiArguments.distinguishedName(spec, "--root-subject", rootSubject);
        X500Name intermediate = PkiArguments.distinguishedName(spec, "--intermediate-subject", intermediateSubject);
        Duration rootValidity = PkiArguments.days(spec, "--root-days", rootDays);
        Duration caValidity = PkiArguments.days(spec, "--intermediate-days", intermediateDays);
        Duration crlValidity = PkiArguments.days(spec, "--crl-days", crlDays);
        if (intermediateDays > rootDays) {
            throw PkiArguments.usage(spec, "--intermediate-days " + intermediateDays + " is longer than --root-days "
                    + rootDays + ": the issuing CA cannot outlive the root");
        }
        if (root.equals(intermediate)) {
            throw PkiArguments.usage(spec, "the root and the issuing CA need different names (both are '" + root
                    + "')");
        }
        Audit audit = bootstrap.auditForChange();
        CryptoModule module = bootstrap.approvedModule();
        PkiFolder folder = dir.folder();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (KeyFileProtection protection = keys.protection(module, "the CA keys")) {
            CaSetup.Result r = CaSetup.create(module, audit, folder,
                    new CaSetup.Request(root, intermediate, rootValidity, caValidity, crlValidity), protection,
                    notice -> err.println(notice));
            out.println("Created a root CA and an issuing CA in " + folder + ":");
            new FileListing(folder)
                    .add(folder.root().certificate(), FileListing.certificate("root CA", r.root()))
                    .add(folder.root().key(), "root CA key (mode 0600, " + protection.describe() + ")")
                    .add(folder.root().crl(), FileListing.crl(r.rootCrl()))
                    .add(folder.intermediate().certificate(), FileListing.certificate("issuing CA", r.intermediate()))
                    .add(folder.intermediate().chain(), "issuing CA certificate, then the root's")
                    .add(folder.intermediate().key(), "issuing CA key (mode 0600, " + protection.describe() + ")")
                    .add(folder.intermediate().crl(), FileListing.crl(r.intermediateCrl()))
                    .print(out);
            out.println("Next: gmgw pki issue --server HOST --dir " + folder);
            out.flush();
            if (!protection.isEncrypted()) {
                UnencryptedKeys.note(spec, "the CA keys in " + folder + " are");
            }
        }
        return ExitCode.OK.code();
    }
}
