package io.gmgw.cli.acl;

import io.gmgw.acl.format.AclDocument;
import io.gmgw.acl.format.AclFormat;
import io.gmgw.acl.sign.SignedAcl;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.crypto.CryptoModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gmgw acl show FILE}: format, rule count and digests; {@code --canonical-form} prints the canonical form. */
@ExitCodes(ExitCode.MALFORMED_INPUT)
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show how gmgw reads an ACL file: its format, rule count, SM3 of the exact bytes and of the "
                + "canonical form, and which signature files are beside it (the current one and those kept by "
                + "gmgw acl sign).",
                "--canonical-form prints the canonical form itself (pipe it to 'openssl dgst -sm3' to reproduce the "
                        + "canonical digest a signature names)."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw acl show conf/acl-samples/edge.nft",
                "  gmgw acl show --canonical-form edge.rules | openssl dgst -sm3"})
final class AclShowCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The ACL file.")
    private Path file;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Read as this format instead of recognising it.")
    private String format;

    @Option(names = "--canonical-form", description = "Print the canonical form instead of the summary.")
    private boolean canonicalForm;

    @Mixin
    private JsonOption json;

    AclShowCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    record Shown(String file, long size, String format, int rules, String sm3, String canonicalization,
            String canonicalSm3, long canonicalSize, String signature, List<String> keptSignatures) {
    }

    @Override
    public Integer call() throws IOException {
        CryptoModule module = bootstrap.approvedModule();
        byte[] content = Files.readAllBytes(file);
        AclDocument doc = AclDocument.parse(content, Optional.ofNullable(format).map(AclFormat::fromId));
        PrintWriter out = spec.commandLine().getOut();
        byte[] canonical = doc.canonical();
        if (canonicalForm) {
            out.print(new String(canonical, StandardCharsets.UTF_8));
            out.flush();
            return ExitCode.OK.code();
        }
        HexFormat hex = HexFormat.of();
        Path cms = SignedAcl.cmsFile(file);
        Shown s = new Shown(file.toString(), content.length, doc.format().id(), doc.ruleCount(),
                hex.formatHex(module.sm3().hash(content)), AclDocument.CANONICALIZATION,
                hex.formatHex(module.sm3().hash(canonical)), canonical.length,
                Files.exists(cms) ? cms.toString() : null,
                SignedAcl.kept(file).stream().map(k -> k.cms().toString()).toList());
        if (json.enabled()) {
            json.print(out, s);
        } else {
            out.println("file:           " + s.file() + " (" + s.size() + " bytes)");
            out.println("format:         " + s.format());
            out.println("rules:          " + s.rules());
            out.println("SM3:            " + s.sm3());
            out.println("canonical SM3:  " + s.canonicalSm3() + " (" + s.canonicalization() + ", "
                    + s.canonicalSize() + " bytes)");
            out.println("signature:      " + (s.signature() == null ? "(none: " + cms + " does not exist)"
                    : s.signature() + " (check it with gmgw acl verify)"));
            if (!s.keptSignatures().isEmpty()) {
                out.println("kept earlier:   " + String.join(", ", s.keptSignatures()) + " (1 is the oldest; gmgw acl "
                        + "verify FILE --sig NAME checks one)");
            }
            out.flush();
        }
        return ExitCode.OK.code();
    }
}
