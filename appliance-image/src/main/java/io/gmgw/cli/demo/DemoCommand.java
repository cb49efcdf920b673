package io.gmgw.cli.demo;

import io.gmgw.audit.Audit;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gmgw demo}: runs the self-tests, then each of {@link DemoSteps#all()} in {@code --dir}, printing what every
 * step did. Every step keeps what already exists, so running the demo twice is safe.
 */
@ExitCodes({ExitCode.CANT_CREATE, ExitCode.SELF_TEST_FAILED})
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the self-tests and set up a demo in DIR, saying what each step did.",
                "Safe to run again: whatever already exists is kept."},
        footerHeading = "%nExample:%n", footer = "  gmgw demo --dir demo")
public final class DemoCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo",
            description = "Directory for the demo's files (default: ./${DEFAULT-VALUE}).")
    private Path dir;

    DemoCommand(Bootstrap bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public Integer call() throws IOException {
        Audit audit = bootstrap.auditForChange();
        DemoContext context = new DemoContext(dir.toAbsolutePath().normalize(), bootstrap.approvedModule(), audit);
        PrintWriter out = spec.commandLine().getOut();
        out.println("gmgw demo in " + context.directory());
        List<DemoStep> steps = DemoSteps.all();
        for (int i = 0; i < steps.size(); i++) {
            DemoStep step = steps.get(i);
            out.printf("  [%d/%d] %s: %s%n", i + 1, steps.size(), step.name(), step.run(context));
            out.flush();
        }
        out.println("Demo ready in " + context.directory() + ".");
        out.flush();
        return ExitCode.OK.code();
    }
}
