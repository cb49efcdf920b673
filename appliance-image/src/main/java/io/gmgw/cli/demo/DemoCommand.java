package io.gmgw.cli.demo;

import io.gmgw.audit.Audit;
import io.gmgw.cli.Bootstrap;
import io.gmgw.cli.ExitCode;
import io.gmgw.cli.ExitCodes;
import io.gmgw.cli.LogDirectory;
import io.gmgw.gateway.config.GatewayConfig;
import io.gmgw.gateway.config.GatewayConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gmgw demo}: runs the self-tests, then each of {@link DemoSteps#all()} in {@code --dir}, printing what every
 * step did. Every step keeps what already exists, so running the demo twice is safe.
 */
@ExitCodes({ExitCode.CANT_CREATE, ExitCode.SELF_TEST_FAILED, ExitCode.UNAVAILABLE, ExitCode.CONFIG,
        ExitCode.DATA_ERROR})
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the self-tests and set up a demo in DIR, saying what each step did: a demo PKI (with "
                + "an ACL signer and current CRLs), the demo group's signed ACL (and signatures for the example "
                + "ACLs of a conf/ beside DIR), DIR/gateway.yaml for an unprivileged gateway on loopback, and the "
                + "demo user's soft smart key holding its keys and certificates.",
                "Safe to run again: whatever already exists is kept. Ends with a summary: where everything is and "
                        + "where the logs are. Without the soft smart key library (built by pkcs11-bridge from C) "
                        + "the smart-key step says what to install and the rest is still set up."},
        footerHeading = "%nExample:%n", footer = "  gmgw demo --dir demo")
public final class DemoCommand implements Callable<Integer> {
    private final Bootstrap bootstrap;

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo",
            description = "Directory for the demo's files (default: ./${DEFAULT-VALUE}).")
    private Path dir;

    /** The gateway and client for the live steps; null: this gmgw prepares the demo only. */
    private final LiveDemo live;

    /** The live demo: the gateway and the client of this gmgw, in this process, and three pings. */
    DemoCommand(Bootstrap bootstrap) {
        this(bootstrap, new LiveDemo(new DemoGateway(), new DemoClient(), 3));
    }

    DemoCommand(Bootstrap bootstrap, LiveDemo live) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        this.live = live;
    }

    @Override
    public Integer call() throws IOException {
        Audit audit = bootstrap.auditForChange();
        DemoContext context = new DemoContext(dir.toAbsolutePath().normalize(), bootstrap.approvedModule(), audit,
                LogDirectory.current());
        PrintWriter out = spec.commandLine().getOut();
        out.println("gmgw demo in " + context.directory());
        // whatever the live steps start ends here, also when a step fails: nothing is left running
        try (DemoRun run = new DemoRun()) {
            List<DemoStep> steps = live == null ? DemoSteps.all() : DemoSteps.all(live, run);
            for (int i = 0; i < steps.size(); i++) {
                DemoStep step = steps.get(i);
                out.printf("  [%d/%d] %s: %s%n", i + 1, steps.size(), step.name(), step.run(context));
                out.flush();
            }
            out.println("Demo ready in " + context.directory() + ".");
            DemoSummary.lines(context, run, listen(context)).forEach(out::println);
            out.flush();
        }
        return ExitCode.OK.code();
    }

    /** The listener gateway.yaml configures, for the summary; the config step has checked the file already. */
    private static Optional<String> listen(DemoContext context) {
        try {
            GatewayConfig c = GatewayConfigLoader.load(context.layout().gatewayConfig());
            return c.listen().addresses().stream().findFirst()
                    .map(a -> DemoSummary.hostPort(new InetSocketAddress(a, c.listen().port())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
