package io.gmgw.cli;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.ModuleState;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gmgw selftest}: starts the cryptographic module, which runs its power-on self-tests, and prints every
 * result with its elapsed time. Exits {@link ExitCode#OK} when the module is approved and
 * {@link ExitCode#SELF_TEST_FAILED} otherwise, after printing the report.
 */
@ExitCodes(ExitCode.SELF_TEST_FAILED)
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = {"Run the cryptographic module's power-on self-tests and print each result.",
                "A failed test leaves the module in its error state and exits 80; docs/self-tests.md says what to do."},
        footerHeading = "%nExamples:%n", footer = {"  gmgw selftest", "  gmgw selftest --json > selftest.json"})
final class SelftestCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    SelftestCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() {
        CryptoModule module = bootstrap.startedModule();
        SelfTestView view = SelfTestView.of(module);
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            json.print(out, view);
        } else {
            view.lines().forEach(out::println);
            out.flush();
        }
        if (module.state() != ModuleState.APPROVED) {
            throw Bootstrap.selfTestsFailed(module.status());
        }
        return ExitCode.OK.code();
    }
}
