package io.gmgw.cli.acl;

import io.gmgw.acl.format.AclDiff;
import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.format.AclRule;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw acl diff OLD NEW}: rules removed, added and reordered between two versions. */
@ExitCodes(ExitCode.MALFORMED_INPUT)
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two versions of an ACL rule by rule, in canonical form (counters, comments and "
                + "whitespace are never differences). Both must be in the same format. Exits 0 either way; the "
                + "output says whether they differ."},
        footerHeading = "%nExample:%n", footer = "  gmgw acl diff edge.nft.v1 edge.nft")
final class AclDiffCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The older version.")
    private Path older;

    @Parameters(index = "1", paramLabel = "NEW", description = "The newer version.")
    private Path newer;

    @Mixin
    private JsonOption json;

    record Shown(String older, String newer, String format, int olderRules, int newerRules, List<String> removed,
            List<String> added, boolean reordered) {
    }

    @Override
    public Integer call() throws IOException {
        AclDocument a = AclDocument.parse(Files.readAllBytes(older));
        AclDocument b = AclDocument.parse(Files.readAllBytes(newer), Optional.of(a.format()));
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
