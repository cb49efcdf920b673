package io.gmgw.cli.pki;

import io.gmgw.audit.Audit;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.ca.KeyFileProtection;
import io.gmgw.crypto.ca.PairIssuance;
import io.gmgw.crypto.ca.PkiFolder;
import io.gmgw.crypto.key.PasswordSource;
import io.gmgw.crypto.pki.ExtendedKeyUsages;
import io.gmgw.crypto.pki.KeyUsage;
import io.gmgw.crypto.pki.Sm2Certificate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x500.X500Name;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw pki issue}: a double pair for a server or a client from the issuing CA ({@link PairIssuance}). */
@ExitCodes({ExitCode.CERTIFICATE, ExitCode.DATA_ERROR, ExitCode.CANT_CREATE, ExitCode.PERMISSION_DENIED})
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Issue a GM/T 0015 double pair: a signing certificate (digitalSignature, nonRepudiation) and an "
                + "encryption certificate (keyEncipherment, dataEncipherment, keyAgreement), each for its own key, "
                + "into DIR/issued/NAME/ (or DIR/issued/FOLDER/ with --name).",
                "Keys: by default two new keys are generated and written as PEM (mode 0600; encrypted with a password "
                        + "option). With --sign-key/--enc-key the keys stay where they are (a file, later a token) "
                        + "and only certificates are written; with --csr/--enc-csr the certificates are for the "
                        + "requests' keys (the self-signatures are checked; the CA decides the extensions).",
                "A server NAME is also a subjectAltName: the first one, unless --dns lists NAME itself, which then sets "
                        + "the order (some servers match SNI against the first DNS name only). Host names that are IP "
                        + "addresses become IP-address subjectAltNames. An issued folder is never overwritten (exit "
                        + "73): a second pair for the same host needs its own --name."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw pki issue --server vpn.example.com --dns vpn2.example.com \\",
                "      --password-file keys.pw --ca-password-file ca.pw",
                "  gmgw pki issue --server vpn.example.com --name vpn-2 \\",
                "      --dns vpn.example.com,vpn --ca-password-file ca.pw",
                "  gmgw pki issue --client alice --csr alice-sign.csr --enc-csr alice-enc.csr \\",
                "      --ca-password-file ca.pw",
                "  gmgw pki issue --client acl-admin --acl-signer --password-file keys.pw \\",
                "      --ca-password-file ca.pw",
                "  gmgw pki issue --server gw1 --sign-key 'pkcs11:token=gw;object=sign' \\",
                "      --enc-key 'pkcs11:token=gw;object=enc' --password-file token.pin \\",
                "      --ca-password-file ca.pw"})
final class PkiIssueCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Holder holder;

    /** Exactly one of --server and --client. */
    static final class Holder {
        @Option(names = "--server", paramLabel = "NAME", required = true,
                description = "Issue for a server: NAME is its host name (subject CN=NAME, DNS name NAME).")
        String server;

        @Option(names = "--client", paramLabel = "NAME", required = true,
                description = "Issue for a client (a VPN user, a peer gateway): subject CN=NAME.")
        String client;
    }

    @Option(names = "--name", paramLabel = "FOLDER",
            description = "Folder under DIR/issued/ for this pair (default: NAME), e.g. a second pair for a host.")
    private String folderName;

    @Mixin
    private PkiDirectoryOption dir;

    @Option(names = "--days", paramLabel = "N", defaultValue = "365",
            description = "Validity in days, within the issuing CA's (default: ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--dns", paramLabel = "NAME", split = ",",
            description = "More DNS names or IP addresses for subjectAltName (an IP address becomes an iPAddress name); "
                    + "repeat or separate with commas.")
    private List<String> dnsNames = new ArrayList<>();

    @Option(names = "--subject", paramLabel = "DN",
            description = "Subject of both certificates instead of CN=NAME (or the requests' subjects).")
    private String subject;

    @Option(names = "--acl-signer",
            description = "The signing certificate may sign ACLs: it gets the extended key usage gmgwAclSigning that "
                    + "the gateway's guard and 'gmgw acl verify --signer-eku acl-signing' require.")
    private boolean aclSigner;

    @Option(names = "--sign-key", paramLabel = "URI",
            description = "Existing signing key (a path, file: or pkcs11: URI); no key file is written.")
    private String signKey;

    @Option(names = "--enc-key", paramLabel = "URI", description = "Existing encryption key, like --sign-key.")
    private String encKey;

    @Option(names = "--csr", paramLabel = "FILE", description = "PKCS#10 request (PEM) for the signing key.")
    private Path signRequest;

    @Option(names = "--enc-csr", paramLabel = "FILE", description = "PKCS#10 request (PEM) for the encryption key.")
    private Path encRequest;

    @Mixin
    private NewKeyOptions keys;

    @Mixin
    private CaPasswordOptions caPassword;

    PkiIssueCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        PairIssuance.Kind kind = holder.server != null ? PairIssuance.Kind.SERVER : PairIssuance.Kind.CLIENT;
        String name = PkiArguments.name(spec, kind == PairIssuance.Kind.SERVER ? "--server" : "--client",
                kind == PairIssuance.Kind.SERVER ? holder.server : holder.client);
        Duration validity = PkiArguments.days(spec, "--days", days);
        X500Name subjectName = subject == null ? null : PkiArguments.distinguishedName(spec, "--subject", subject);
        boolean signGiven = signKey != null || signRequest != null;
        boolean encGiven = encKey != null || encRequest != null;
        if (signKey != null && signRequest != null || encKey != null && encRequest != null) {
            throw PkiArguments.usage(spec, "give a key or a request for each half, not both (--sign-key or --csr; "
                    + "--enc-key or --enc-csr)");
        }
        if (signGiven != encGiven) {
            throw PkiArguments.usage(spec, signGiven ? "the encryption half needs its key too: add --enc-key or "
                    + "--enc-csr (or give neither half, and gmgw generates both keys)" : "the signing half needs its "
                    + "key too: add --sign-key or --csr (or give neither half, and gmgw generates both keys)");
        }
        if (signGiven) {
            keys.requireNoEncryptionChoice("with --sign-key/--enc-key or --csr/--enc-csr no key is written");
        }
        String folderAs = folderName == null ? name : PkiArguments.name(spec, "--name", folderName);
        Audit audit = bootstrap.auditForChange();
        CryptoModule module = bootstrap.approvedModule();
        PkiFolder folder = dir.folder();
        PasswordSource keyPassword = signGiven ? keys.password.forOpening("the key") : null;
        PairIssuance.KeySource sign = source(signKey, "--sign-key", signRequest, "--csr", keyPassword);
        PairIssuance.KeySource enc = source(encKey, "--enc-key", encRequest, "--enc-csr", keyPassword);
        try (KeyFileProtection protection = signGiven ? KeyFileProtection.none()
                : keys.protection(module, "the keys of " + name)) {
            PrintWriter err = spec.commandLine().getErr();
            PairIssuance.Result r = PairIssuance.issue(module, audit, folder, new PairIssuance.Request(kind, name,
                    folderAs, subjectName, dnsNames, validity, sign, enc, aclSigner
                    ? List.of(ExtendedKeyUsages.ACL_SIGNING) : List.of()), protection, caPassword.source(),
                    notice -> err.println(notice));
            report(folder, kind, name, r, protection);
            if (!signGiven && !protection.isEncrypted()) {
                UnencryptedKeys.note(spec, "the keys in " + r.folder().directory() + " are");
            }
        }
        return ExitCode.OK.code();
    }

    private static PairIssuance.KeySource source(String key, String keyOption, Path request, String requestOption,
            PasswordSource password) {
        if (key != null) {
            return new PairIssuance.KeySource.Existing(key, password, keyOption);
        }
        if (request != null) {
            return new PairIssuance.KeySource.Request(request, requestOption);
        }
        return new PairIssuance.KeySource.Generate();
    }

    private void report(PkiFolder folder, PairIssuance.Kind kind, String name, PairIssuance.Result r,
            KeyFileProtection protection) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Issued a " + kind.word() + " pair for '" + name + "' in " + r.folder().directory() + ":");
        half(out, "signing", r.signing());
        half(out, "encryption", r.encryption());
        FileListing files = new FileListing(folder);
        for (boolean signing : new boolean[] {true, false}) {
            PairIssuance.Half h = signing ? r.signing() : r.encryption();
            String what = signing ? "signing" : "encryption";
            if (h.keyWritten()) {
                files.add(r.folder().key(signing), what + " key (mode 0600, " + protection.describe() + ")");
            }
            files.add(r.folder().certificate(signing), what + " certificate");
            files.add(r.folder().chain(signing), what + " certificate, issuing CA, root CA");
        }
        files.print(out);
        if (r.signing().keyWritten()) {
            out.println("Use them as --sign-key " + r.folder().key(true) + " --enc-key " + r.folder().key(false)
                    + " (each key's chain is found beside it).");
        } else {
            out.println("The keys stay where they are (" + r.signing().keySource() + ", " + r.encryption().keySource()
                    + "); give whatever uses them the chain files above.");
        }
        out.flush();
    }

    private static void half(PrintWriter out, String what, PairIssuance.Half h) {
        Sm2Certificate c = h.certificate();
        out.printf("  %-10s serial %s, '%s', %s%s%s%s, valid until %s%n", what, c.serialHex(), c.subject(),
                KeyUsage.describe(c.keyUsage()), c.hasExtendedKeyUsageExtension() ? ", extended key usage "
                        + ExtendedKeyUsages.describe(c.extendedKeyUsages()) : "", c.dnsNames().isEmpty() ? ""
                        : ", DNS " + String.join(" ", c.dnsNames()), c.ipAddresses().isEmpty() ? ""
                        : ", IP " + String.join(" ", c.ipAddresses()), c.notAfter());
        if (!h.notGranted().isEmpty()) {
            out.println("             not granted (requested, but not given as --server or --dns): "
                    + String.join(" ", h.notGranted()));
        }
    }
}
