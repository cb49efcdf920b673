package io.gmgw.cli.acl;

import io.gmgw.acl.live.CommandRulesetSource;
import io.gmgw.acl.log.AuditChain;
import io.gmgw.acl.live.Drift;
import io.gmgw.acl.live.RulesetWatcher;
import io.gmgw.acl.sign.SignedAclGuard;
import io.gmgw.acl.sign.VerifiedAcl;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.CryptoModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gmgw acl watch --live nft --signed FILE --trust CA [--once]}: verifies the signed ACL, then compares the live
 * ruleset with it, once or at an interval; drift is logged and raised as an audit event.
 */
@ExitCodes({ExitCode.VERIFICATION_FAILED, ExitCode.CERTIFICATE, ExitCode.ROLLBACK, ExitCode.MALFORMED_INPUT})
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Compare the live ruleset with a signed ACL. The signed file is verified first (its exit codes "
                + "apply); then the live dump (nft list ruleset, nft -j list ruleset, iptables-save or "
                + "ip6tables-save) is compared in canonical form, so counters, handles and dump comments are not "
                + "drift, while any rule, chain, policy or set change is.",
                "The signed file is checked as the gateway checks it: its signer's path must be covered by current "
                        + "CRLs (--crl, required) and the signer must satisfy the signer policy (default: --signer-eku "
                        + "acl-signing, a certificate from gmgw pki issue --acl-signer).",
                "--once: compare once and exit 1 on drift. Otherwise compare every --interval until stopped; drift is "
                        + "logged and raised as an audit event each time it is seen."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw acl watch --live nft --signed edge.nft --trust root.pem \\",
                "      --crl ca.crl.pem --crl root.crl.pem --once",
                "  gmgw acl watch --live iptables --netns fw --signed edge.rules \\",
                "      --trust root.pem --crl ca.crl.pem --crl root.crl.pem --interval 30s"})
final class AclWatchCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Option(names = "--live", paramLabel = "KIND", required = true,
            description = "What to read: nft, nft-json, iptables, ip6tables.")
    private String live;

    @Option(names = "--signed", paramLabel = "FILE", required = true,
            description = "The signed ACL (with FILE.p7s) the live ruleset must match.")
    private Path signed;

    @Mixin
    private TrustOptions trust;

    @Mixin
    private SignerPolicyOptions signers;

    @Option(names = "--log", paramLabel = "CHAIN", description = "Audit chain: the signed file must be its newest "
            + "version.")
    private Path log;

    @Option(names = "--netns", paramLabel = "NAME", description = "Read the ruleset of network namespace NAME (runs "
            + "the tool under 'ip netns exec NAME').")
    private String netns;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60s",
            description = "Time between comparisons: 30s, 5m, 1h (default: ${DEFAULT-VALUE}).")
    private String interval;

    @Option(names = "--once", description = "Compare once; exit 1 on drift.")
    private boolean once;

    @Mixin
    private JsonOption json;

    AclWatchCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        CommandRulesetSource.Kind kind;
        try {
            kind = CommandRulesetSource.Kind.fromName(live);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCode.USAGE, "--live " + live + ": name nft, nft-json, iptables or "
                    + "ip6tables");
        }
        Duration every = duration(interval);
        CryptoModule module = bootstrap.approvedModule();
        if (trust.crls().isEmpty()) {
            throw new CommandFailedException(ExitCode.USAGE, "acl watch checks the signer for revocation as the "
                    + "gateway does: give the CRL of every CA on the signer's path with --crl (gmgw pki: --crl "
                    + "pki/intermediate/ca.crl.pem --crl pki/root/ca.crl.pem)");
        }
        VerifiedAcl verified = SignedAclGuard.builder(module).trustAnchors(trust.anchors()).crls(trust.crls())
                .signerPolicy(signers.policyOrAclSigning())
                .auditChain(log == null ? null : AuditChain.reader(module, log)).build().load(signed);
        List<String> prefix = netns == null ? List.of() : List.of("ip", "netns", "exec", netns);
        RulesetWatcher watcher = new RulesetWatcher(module, verified, new CommandRulesetSource(kind, prefix),
                bootstrap.audit());
        PrintWriter out = spec.commandLine().getOut();
        if (once) {
            Drift d = watcher.check();
            print(out, d);
            if (d.drifted()) {
                throw new CommandFailedException(ExitCode.VERIFICATION_FAILED, d.summary());
            }
            return ExitCode.OK.code();
        }
        watcher.watch(RulesetWatcher.timer(every), d -> print(out, d), d -> false);
        return ExitCode.OK.code();
    }

    private void print(PrintWriter out, Drift d) {
        if (json.enabled()) {
            json.print(out, d);
        } else {
            out.println(d.at() + " " + d.summary());
            if (d.drifted()) {
                d.diff().removed().stream().limit(20).forEach(r -> out.println("  - " + r.key()));
                d.diff().added().stream().limit(20).forEach(r -> out.println("  + " + r.key()));
            }
            out.flush();
        }
    }

    static Duration duration(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            Duration d = t.startsWith("p") ? Duration.parse(t.toUpperCase(java.util.Locale.ROOT))
                    : Duration.parse("PT" + t.toUpperCase(java.util.Locale.ROOT));
            if (d.isNegative() || d.isZero()) {
                throw new DateTimeParseException("not positive", t, 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new CommandFailedException(ExitCode.USAGE, "--interval " + text + ": write a positive duration such "
                    + "as 30s, 5m or 1h");
        }
    }
}
