package io.gmgw.cli.acl;

import io.gmgw.acl.log.AuditChain;
import io.gmgw.acl.sign.AclVerdict;
import io.gmgw.acl.sign.AclVerification;
import io.gmgw.acl.sign.AclVerificationException;
import io.gmgw.acl.sign.AclVerifier;
import io.gmgw.acl.sign.SignedAcl;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.CryptoModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gmgw acl verify FILE|DIR... --trust CA}: the auditor's report for each signed ACL, and an exit code scripts
 * can rely on (the worst verdict of a batch).
 */
@ExitCodes({ExitCode.VERIFICATION_FAILED, ExitCode.CERTIFICATE, ExitCode.ROLLBACK, ExitCode.MALFORMED_INPUT})
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify signed ACL files and print a report for the assessment record: file, size, SM3, format, "
                + "rule count, signer subject/serial/SKI, issuer, validity, chain result, signing time, SM2 ID, "
                + "algorithm OIDs and, with --log, the version's place in the audit chain.",
                "Exact bytes by default: any change fails (exit 1), and the report says whether the canonical form "
                        + "still matches. --canonical accepts changes the canonical form ignores (blanks, "
                        + "comments, counters; see docs/acl-integrity.md for each format).",
                "Signer policy (--signer-eku, --signer-cert-sm3, --signer-subject): only these signers are accepted, "
                        + "and the report says which rule matched or why none did (exit 2 otherwise). Without it, any "
                        + "certificate that chains to --trust and may sign is accepted, as the report says.",
                "A folder verifies every file in it that has a FILE.p7s; other files there are reported unsigned. "
                        + "Exit codes: 0 valid, 1 signature bad or content changed, 2 certificate problem (chain, "
                        + "validity, revocation, signer policy), 3 rollback or audit-chain break, 4 malformed or "
                        + "unsupported input; a batch exits with the highest."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw acl verify edge.nft --trust root.pem",
                "  gmgw acl verify edge.nft --trust root.pem --signer-eku acl-signing",
                "  gmgw acl verify --json --log acl.chain --trust root.pem --crl ca.crl.pem acl/"})
final class AclVerifyCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "Signed ACL file(s), or folder(s) of them.")
    private List<Path> paths;

    @Option(names = "--sig", paramLabel = "FILE", description = "The CMS signature (default: FILE.p7s); one FILE "
            + "only.")
    private Path sig;

    @Mixin
    private TrustOptions trust;

    @Option(names = "--log", paramLabel = "CHAIN", description = "Audit chain to check the version against "
            + "(rollback, chain breaks).")
    private Path log;

    @Option(names = "--canonical", description = "Accept a file whose canonical form matches the signed one.")
    private boolean canonical;

    @Mixin
    private SignerPolicyOptions signers;

    @Mixin
    private JsonOption json;

    AclVerifyCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        if (sig != null && (paths.size() != 1 || Files.isDirectory(paths.get(0)))) {
            throw new CommandFailedException(ExitCode.USAGE, "--sig names the signature of one FILE; for several files "
                    + "or a folder, each FILE is paired with FILE.p7s");
        }
        CryptoModule module = bootstrap.approvedModule();
        AclVerifier.Builder builder = AclVerifier.builder(module).audit(bootstrap.audit())
                .trustAnchors(trust.anchors()).crls(trust.crls())
                .acceptCanonical(canonical).signerPolicy(signers.policy().orElse(null));
        if (log != null) {
            if (!Files.exists(log)) {
                throw new NoSuchFileException(log.toString(), null, "the audit chain named by --log does not exist");
            }
            builder.auditChain(AuditChain.read(module, log));
        }
        AclVerifier verifier = builder.build();
        List<AclVerification> reports = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                for (Path f : batch(p)) {
                    reports.add(verifyOne(verifier, f, SignedAcl.cmsFile(f)));
                }
            } else {
                reports.add(verifyOne(verifier, p, sig != null ? sig : SignedAcl.cmsFile(p)));
            }
        }
        AclVerdict worst = AclVerdict.VALID;
        for (AclVerification r : reports) {
            worst = worst.worse(r.verdict());
        }
        print(reports, worst);
        if (worst != AclVerdict.VALID) {
            long failed = reports.stream().filter(r -> !r.valid()).count();
            AclVerdict w = worst;
            AclVerification first = reports.stream().filter(r -> r.verdict() == w).findFirst().orElseThrow();
            throw new AclVerificationException(worst, (reports.size() == 1 ? "" : failed + " of " + reports.size()
                    + " files failed; worst: ") + first.file() + ": " + first.message());
        }
        return ExitCode.OK.code();
    }

    private AclVerification verifyOne(AclVerifier verifier, Path file, Path signature) throws IOException {
        byte[] content = Files.readAllBytes(file);
        if (!Files.exists(signature)) {
            return new AclVerification(file.toString(), content.length, null, null, null, null, signature.toString(),
                    null, null, null, null, null, null, AclVerdict.SIGNATURE_INVALID, "unsigned: " + signature
                    + " does not exist");
        }
        if (Files.size(signature) > io.gmgw.crypto.cms.CmsSignedData.MAX_LENGTH) {
            return new AclVerification(file.toString(), content.length, null, null, null, null, signature.toString(),
                    null, null, null, null, null, null, AclVerdict.MALFORMED, signature + " is too large to be a "
                    + "signature");
        }
        return verifier.verify(file.toString(), content, signature.toString(), Files.readAllBytes(signature));
    }

    /**
     * The ACL files of a folder: every regular file but signatures, signer certificates (current and kept), locks and
     * hidden files.
     */
    private List<Path> batch(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString();
                return !n.startsWith(".") && !SignedAcl.isSignatureFile(n) && !n.endsWith(".lock")
                        && (log == null || !f.toAbsolutePath().normalize().equals(log.toAbsolutePath().normalize()));
            }).sorted().toList();
        }
    }

    /** Which earlier signatures are kept beside the file (gmgw acl sign keeps them): verify one with --sig. */
    static Optional<String> keptLine(Path file) {
        try {
            List<SignedAcl.Kept> kept = Files.isRegularFile(file) ? SignedAcl.kept(file) : List.of();
            if (kept.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("earlier signatures:  " + kept.size() + " kept (" + kept.get(0).cms().getFileName()
                    + (kept.size() > 1 ? " … " + kept.getLast().cms().getFileName() : "") + "; 1 is the oldest), not "
                    + "checked here: verify one with --sig FILE.p7s.N");
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void print(List<AclVerification> reports, AclVerdict worst) {
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            if (reports.size() == 1) {
                json.print(out, reports.get(0));
            } else {
                Map<String, Object> batch = new LinkedHashMap<>();
                batch.put("files", reports.size());
                batch.put("valid", reports.stream().filter(AclVerification::valid).count());
                batch.put("verdict", worst);
                batch.put("reports", reports);
                json.print(out, batch);
            }
            return;
        }
        for (int i = 0; i < reports.size(); i++) {
            if (i > 0) {
                out.println();
            }
            reports.get(i).lines().forEach(out::println);
            keptLine(Path.of(reports.get(i).file())).ifPresent(out::println);
        }
        if (reports.size() > 1) {
            out.println();
            out.println("batch: " + reports.stream().filter(AclVerification::valid).count() + " of " + reports.size()
                    + " files valid; verdict " + worst);
        }
        out.flush();
    }
}
