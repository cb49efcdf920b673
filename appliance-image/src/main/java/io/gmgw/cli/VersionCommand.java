package io.gmgw.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gmgw version}: what is running. Needs no cryptography, so it never starts the module. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the versions of gmgw, the commit it was built from, Java and Bouncy Castle.",
        footerHeading = "%nExample:%n", footer = "  gmgw version --json")
final class VersionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        VersionInfo info = VersionInfo.current();
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            json.print(out, info);
        } else {
            info.lines().forEach(out::println);
            out.flush();
        }
        return ExitCode.OK.code();
    }
}
