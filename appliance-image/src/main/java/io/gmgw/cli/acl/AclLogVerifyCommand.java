package io.gmgw.cli.acl;

import io.gmgw.acl.log.AuditChain;
import io.gmgw.acl.log.ChainCheck;
import io.gmgw.acl.log.ChainRecord;
import io.gmgw.acl.sign.AclVerdict;
import io.gmgw.acl.sign.AclVerificationException;
import io.gmgw.audit.AuditEventType;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.pki.CertificateVerifier;
import io.gmgw.crypto.pki.RevocationPolicy;
import io.gmgw.crypto.pki.VerificationResult;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw acl log verify CHAIN --trust CA}: checks every link, version number, signature and signer. */
@ExitCodes({ExitCode.VERIFICATION_FAILED, ExitCode.CERTIFICATE, ExitCode.ROLLBACK, ExitCode.MALFORMED_INPUT})
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check an audit chain: every record's link to the one before (deletion, insertion, reordering "
                + "and any altered byte break it), the version sequence of each ACL (a rollback to an older version "
                + "breaks it), every CMS signature and checkpoint signature, and every signer's certificate path at "
                + "its signing time.",
                "Exit codes: 0 intact, 3 broken or rolled back, 2 a signer's certificate does not chain to --trust "
                        + "(or was revoked, or expired when it signed). With --head, a chain whose head is not HEX "
                        + "(a truncated or replaced chain) is broken too."},
        footerHeading = "%nExample:%n",
        footer = "  gmgw acl log verify acl.chain --trust root.pem")
final class AclLogVerifyCommand implements Callable<Integer> {

    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHAIN", description = "The audit chain file.")
    private Path file;

    @Mixin
    private TrustOptions trust;

    @Option(names = "--head", paramLabel = "HEX", description = "The head (SM3 of the last record) recorded earlier: "
            + "detects records cut from the end.")
    private String head;

    @Mixin
    private JsonOption json;

    AclLogVerifyCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    /** The report: counts, the newest version of each ACL, the head, and the verdict. */
    record Report(String file, int records, int versions, int checkpoints, Map<String, Long> newestVersions,
            String head, int recordsAfterLastCheckpoint, boolean intact, Long brokenAtRecord, String certificates,
            String verdict, String message) {
        List<String> lines() {
            List<String> l = new ArrayList<>();
            l.add("chain:               " + file);
            l.add("records:             " + records + " (" + versions + " versions, " + checkpoints + " checkpoints)");
            newestVersions.forEach((n, v) -> l.add("newest version:      " + n + " = " + v));
            l.add("head (SM3):          " + head);
            l.add("after checkpoint:    " + recordsAfterLastCheckpoint + " record(s) not yet covered by a checkpoint");
            l.add("links and signatures: " + (intact ? "intact" : "BROKEN at record " + brokenAtRecord));
            l.add("signer certificates: " + certificates);
            l.add("result:              " + verdict + (message == null ? "" : " — " + message));
            return l;
        }
    }

    @Override
    public Integer call() throws IOException {
        if (head != null && !head.matches("[0-9a-fA-F]{64}")) {
            throw new CommandFailedException(ExitCode.USAGE, "--head takes the 64 hex digits of an SM3 digest");
        }
        CryptoModule module = bootstrap.approvedModule();
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no audit chain there");
        }
        AuditChain chain = AuditChain.read(module, file);
        CertificateVerifier verifier = CertificateVerifier.builder(module).trustAnchors(trust.anchors())
                .crls(trust.crls()).revocationPolicy(RevocationPolicy.IF_PRESENT).build();
        Map<String, Long> newest = new LinkedHashMap<>();
        int versions = 0;
        for (ChainRecord r : chain.records()) {
            if (r instanceof ChainRecord.Version v) {
                versions++;
                newest.put(v.name(), v.version());
            }
        }
        ChainCheck check = ChainCheck.of(chain, head, verifier);
        AclVerdict verdict = check.verdict();
        String message = check.message();
        String certificates = check.signers();
        Report report = new Report(file.toString(), chain.records().size(), versions, chain.records().size() - versions,
                newest, chain.head(), chain.uncheckpointed(), chain.intact(),
                chain.problem().map(AuditChain.Problem::seq).orElse(null), certificates, verdict.name(), message);
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            json.print(out, report);
        } else {
            report.lines().forEach(out::println);
            out.flush();
        }
        if (verdict != AclVerdict.VALID) {
            bootstrap.audit().failure(AuditEventType.ACL_LOG_VERIFY, message).object(file.toString())
                    .detail("verdict", verdict).detail("brokenAt", report.brokenAtRecord()).write();
            throw new AclVerificationException(verdict, file + ": " + message);
        }
        bootstrap.audit().success(AuditEventType.ACL_LOG_VERIFY).object(file.toString())
                .detail("records", chain.records().size()).detail("head", chain.head()).write();
        return ExitCode.OK.code();
    }
}
