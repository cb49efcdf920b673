package io.gmgw.cli.acl;

import io.gmgw.acl.format.AclDiff;
import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.format.AclFormat;
import io.gmgw.acl.format.AclRule;
import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw acl diff OLD NEW}: rules removed, added and reordered between two versions. */
@ExitCodes(ExitCode.MALFORMED_INPUT)
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two versions of an ACL rule by rule, in canonical form (counters, comments and "
                + "whitespace are never differences). Both must be in the same format (exit 64 when they are "
                + "recognised as two different formats). Exits 0 whether they differ or not; the output says."},
        footerHeading = "%nExample:%n", footer = "  gmgw acl diff edge.nft.v1 edge.nft")
final class AclDiffCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The older version.")
    private Path older;

    @Parameters(index = "1", paramLabel = "NEW", description = "The newer version.")
    private Path newer;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Read both files as this format instead of "
            + "recognising each.")
    private String format;

    @Mixin
    private JsonOption json;

    record Shown(String older, String newer, String format, int olderRules, int newerRules, List<String> removed,
            List<String> added, boolean reordered) {
    }

    @Override
    public Integer call() throws IOException {
        Optional<AclFormat> given = Optional.ofNullable(format).map(AclFormat::fromId);
        AclDocument a = AclDocument.parse(Files.readAllBytes(older), given);
        AclDocument b = AclDocument.parse(Files.readAllBytes(newer), given);
        if (a.format() != b.format()) {
            throw new CommandFailedException(ExitCode.USAGE, older + " is " + a.format().id() + " but " + newer + " is "
                    + b.format().id() + ": acl diff compares two versions of one ACL, rule by rule in one format. To "
                    + "compare a live ruleset with a signed file, dump it in the signed file's format (or use gmgw acl "
                    + "watch); if the recognition is wrong, name the format with --format");
        }
        AclDiff d = AclDiff.between(a, b);
        Shown s = new Shown(older.toString(), newer.toString(), a.format().id(), a.ruleCount(), b.ruleCount(),
                d.removed().stream().map(AclRule::key).toList(), d.added().stream().map(AclRule::key).toList(),
                d.reordered());
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            json.print(out, s);
            return ExitCode.OK.code();
        }
        out.println(older + " (" + a.ruleCount() + " rules) -> " + newer + " (" + b.ruleCount() + " rules), "
                + a.format().id());
        d.removed().forEach(r -> out.println("- " + r.key() + "   [line " + r.line() + "]"));
        d.added().forEach(r -> out.println("+ " + r.key() + "   [line " + r.line() + "]"));
        if (d.reordered()) {
            out.println("rules in common were reordered (the first match decides: check the order)");
        }
        out.println(d.isEmpty() ? "no rule differences" : d.removed().size() + " removed, " + d.added().size()
                + " added" + (d.reordered() ? ", reordered" : ""));
        out.flush();
        return ExitCode.OK.code();
    }
}
