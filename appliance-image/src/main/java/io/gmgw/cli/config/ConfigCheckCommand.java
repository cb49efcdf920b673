package io.gmgw.cli.config;

import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.JsonOption;
import io.gmgw.gateway.config.ConfigError;
import io.gmgw.gateway.config.ConfigException;
import io.gmgw.gateway.config.GatewayConfig;
import io.gmgw.gateway.config.GatewayConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gmgw config check FILE}: the validation the gateway runs before it starts, alone (as {@code ocserv -t}).
 * Valid: a short summary, exit 0. Invalid: every error as {@code FILE:LINE:COLUMN: message} on standard error (or in
 * the JSON report), exit 78.
 */
@ExitCodes({ExitCode.CONFIG, ExitCode.IO_ERROR})
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a gateway configuration file as the gateway does before it starts: YAML syntax, "
                + "unknown keys, types, required keys, values (addresses, prefixes, durations, files that must "
                + "exist) and combinations (groups and pools, MTU and IPv6, revocation and CRLs).",
                "A valid file prints a summary: listener, protocols, groups and pools. An invalid one prints every "
                        + "error, one per line as FILE:LINE:COLUMN: what is wrong; what to write instead, and exits "
                        + "78. Keys, certificates and ACL signatures are not opened or verified here: the gateway "
                        + "does that at start. Every key: docs/gateway.md."},
        footerHeading = "%nExamples:%n",
        footer = {"  gmgw config check conf/gateway.yaml",
                "  gmgw config check conf/gateway.yaml --json"})
final class ConfigCheckCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The configuration file (YAML).")
    private Path file;

    @Mixin
    private JsonOption json;

    /** One error of the JSON report. */
    record ErrorLine(String file, int line, int column, String message) {
        static ErrorLine of(ConfigError e) {
            return new ErrorLine(e.file(), e.line(), e.column(), e.message());
        }
    }

    /** The JSON report of an invalid file. */
    record Invalid(String file, boolean valid, List<ErrorLine> errors) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        GatewayConfig config;
        try {
            config = GatewayConfigLoader.load(file);
        } catch (ConfigException e) {
            if (json.enabled()) {
                json.print(out, new Invalid(file.toString(), false, e.errors().stream().map(ErrorLine::of)
                        .toList()));
            } else {
                PrintWriter err = spec.commandLine().getErr();
                e.errors().forEach(err::println);
                err.println(e.errors().size() + " error" + (e.errors().size() == 1 ? "" : "s") + " in " + file
                        + "; every key is described in docs/gateway.md");
                err.flush();
            }
            return ExitCode.CONFIG.code();
        }
        ConfigSummary summary = ConfigSummary.of(config);
        if (json.enabled()) {
            json.print(out, summary);
        } else {
            summary.lines().forEach(out::println);
            out.flush();
        }
        return ExitCode.OK.code();
    }
}
