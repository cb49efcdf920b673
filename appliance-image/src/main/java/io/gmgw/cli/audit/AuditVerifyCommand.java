package io.gmgw.cli.audit;

import io.gmgw.acl.log.AuditChain;
import io.gmgw.acl.log.ChainCheck;
import io.gmgw.acl.log.ChainRecord;
import io.gmgw.acl.sign.AclVerdict;
import io.gmgw.acl.sign.AclVerificationException;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEventType;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificateFiles;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.Sm2Certificate;
import io.gmgw.crypto.pki.VerificationResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gmgw audit verify}: every link, every signature, and (with --trust) every checkpoint signer. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the audit log: every record's link to the one before (deleting, inserting, reordering or "
                + "changing any byte of a record breaks it), every signature in it, and with --trust every "
                + "checkpoint signer's certificate path at the time it signed.",
                "Records cut from the end are only visible against a head you noted earlier (--head), or after the "
                        + "last checkpoint: take checkpoints from a timer ('gmgw audit checkpoint').",
                "Exit codes: 0 intact, 3 broken (or not the --head given), 2 a signer's certificate does not chain "
                        + "to --trust."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw audit verify",
                "  gmgw audit verify --trust pki/intermediate/ca.cert.pem --json"})
final class AuditVerifyCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private AuditLogOption log;

    @Option(names = "--trust", paramLabel = "CA", description = "PEM file of the CA certificate(s) that issued the "
            + "checkpoint signers' certificates; repeatable. Without it the signatures are checked, their signers are "
            + "not.")
    private List<Path> trust = new ArrayList<>();

    @Option(names = "--head", paramLabel = "HEX", description = "The head (SM3 of the last record) noted earlier: "
            + "detects records cut from the end.")
    private String head;

    @Mixin
    private JsonOption json;

    AuditVerifyCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    /** What the verification found. */
    record Report(String file, int records, int events, int versions, int checkpoints, String firstTime,
            String lastTime, String head, int recordsAfterLastCheckpoint, boolean intact, Long brokenAtRecord,
            String signers, String verdict, String message) {
        List<String> lines() {
            List<String> l = new ArrayList<>();
            l.add("audit log:           " + file);
            l.add("records:             " + records + " (" + events + " events, " + versions + " ACL versions, "
                    + checkpoints + " checkpoints)");
            l.add("time span:           " + (firstTime == null ? "-" : firstTime + " to " + lastTime));
            l.add("head (SM3):          " + head);
            l.add("after checkpoint:    " + recordsAfterLastCheckpoint + " record(s) not yet covered by a checkpoint");
            l.add("links and signatures: " + (intact ? "intact" : "BROKEN at record " + brokenAtRecord));
            l.add("checkpoint signers:  " + signers);
            l.add("result:              " + verdict + (message == null ? "" : " — " + message));
            return l;
        }
    }

    @Override
    public Integer call() throws IOException {
        if (head != null && !head.matches("[0-9a-fA-F]{64}")) {
            throw new CommandFailedException(ExitCode.USAGE, "--head takes the 64 hex digits of an SM3 digest, as "
                    + "'gmgw audit verify' prints it");
        }
        Path file = log.file(bootstrap);
        CryptoModule module = bootstrap.approvedModule();
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no audit log there");
        }
        List<Sm2Certificate> anchors = new ArrayList<>();
        for (Path p : trust) {
            anchors.addAll(CertificateFiles.certificates(p, "--trust"));
        }
        AuditChain chain = AuditChain.read(module, file);
        int events = 0;
        int versions = 0;
        String first = null;
        String last = null;
        for (ChainRecord r : chain.records()) {
            String time = switch (r) {
                case ChainRecord.Event e -> {
                    events++;
                    yield e.event().time().toString();
                }
                case ChainRecord.Version v -> {
                    versions++;
                    yield v.signedAt();
                }
                case ChainRecord.Checkpoint c -> c.time();
            };
            first = first == null ? time : first;
            last = time;
        }
        CertificateVerifier signerVerifier = anchors.isEmpty() ? null : CertificateVerifier.builder(module)
                .trustAnchors(anchors).revocationPolicy(RevocationPolicy.IF_PRESENT).build();
        ChainCheck check = ChainCheck.of(chain, head, signerVerifier);
        AclVerdict verdict = check.verdict();
        String message = check.message();
        String signers = check.signers();
        int total = chain.records().size();
        Report report = new Report(file.toString(), total, events, versions, total - events - versions, first, last,
                chain.head(), chain.uncheckpointed(), chain.intact(),
                chain.problem().map(AuditChain.Problem::seq).orElse(null), signers, verdict.name(), message);
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            json.print(out, report);
        } else {
            report.lines().forEach(out::println);
            out.flush();
        }
        Audit audit = bootstrap.audit();
        if (verdict != AclVerdict.VALID) {
            audit.failure(AuditEventType.AUDIT_VERIFY, message).object(file.toString())
                    .detail("verdict", verdict).detail("brokenAt", report.brokenAtRecord()).write();
            throw new AclVerificationException(verdict, file + ": " + message);
        }
        audit.success(AuditEventType.AUDIT_VERIFY).object(file.toString()).detail("records", total)
                .detail("head", chain.head()).write();
        return ExitCode.OK.code();
    }
}
