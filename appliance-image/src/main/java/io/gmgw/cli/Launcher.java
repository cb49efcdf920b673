package io.gmgw.cli;

import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Wires the {@code gmgw} command tree once: the writers, the {@link Bootstrap} handed to commands, the exit-code
 * mapping, the failure and usage-error handlers, {@code --verbose}, the help options and the exit codes in each
 * command's help. {@link Gmgw#main} uses it with the real module and {@code System.out}/{@code System.err}; tests
 * with their own.
 */
public final class Launcher {
    private final Gmgw root = new Gmgw();
    private final CommandLine commandLine;
    private final FailureReporter failures = new FailureReporter(root::verbosity);
    private final LogLevels logLevels = new LogLevels();
    private final Bootstrap bootstrap;

    /**
     * @param moduleFactory starts the process's cryptographic module, called at most once and only by commands that
     *                      need cryptography; the audit log is {@code audit.log} in the {@link LogDirectory}
     */
    public Launcher(Supplier<CryptoModule> moduleFactory, PrintWriter out, PrintWriter err) {
        this(moduleFactory, out, err, System.in, System.out);
    }

    /** As above, with the byte streams relaying commands use (tests pass their own). */
    public Launcher(Supplier<CryptoModule> moduleFactory, PrintWriter out, PrintWriter err, InputStream stdin,
            OutputStream stdout) {
        this(audit -> moduleFactory.get(), out, err, stdin, stdout, LogDirectory.auditLog());
    }

    /**
     * @param moduleFactory starts the process's module and has it record its self-tests through the audit given
     * @param auditLog      the hash-chained audit log every security event of this process goes to
     */
    public Launcher(Function<Audit, CryptoModule> moduleFactory, PrintWriter out, PrintWriter err, InputStream stdin,
            OutputStream stdout, Path auditLog) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        bootstrap = new Bootstrap(moduleFactory, stdin, stdout, auditLog, err);
        commandLine = new CommandLine(root, new CommandFactory(bootstrap))
                .setOut(out)
                .setErr(err)
                .setExecutionStrategy(this::executeVerbosely)
                .setExecutionExceptionHandler(failures)
                .setParameterExceptionHandler(new UsageErrorHandler())
                .setExitCodeExceptionMapper(new ExitCodeMapper());
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes (also 'gmgw help exit-codes'):%n")
                .exitCodeList(ExitCode.helpList());
        commandLine.getSubcommands().values().forEach(sub -> configureSubcommand(sub, new HashSet<>()));
    }

    /** Runs one command line and returns its exit code (see {@link ExitCode}); never throws. */
    public int execute(String... args) {
        try {
            return commandLine.execute(args);
        } catch (RuntimeException | Error e) {
            // picocli hands exceptions of the commands to the failure reporter; this catches what escapes picocli.
            return failures.report(e, root.spec.qualifiedName(), commandLine.getErr());
        } finally {
            logLevels.restore();
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        }
    }

    /** The command tree, for tests that visit every command. */
    CommandLine commandLine() {
        return commandLine;
    }

    private int executeVerbosely(CommandLine.ParseResult parsed) {
        logLevels.raise(root.verbosity());
        CommandLine.ParseResult last = parsed;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        bootstrap.program(last.commandSpec().qualifiedName());
        return new CommandLine.RunLast().execute(parsed);
    }

    /**
     * A subcommand's help options and exit codes. Only the root offers {@code -V/--version} ({@code gmgw version} is the
     * command for it): a subcommand's standard help options are replaced by {@code -h/--help} alone. Its help lists 0,
     * the codes its {@link ExitCodes} names, and where to find them all; the full table is on the root's help only.
     */
    private static void configureSubcommand(CommandLine command, Set<CommandLine> seen) {
        if (!seen.add(command)) {
            return;
        }
        CommandSpec spec = command.getCommandSpec();
        if (spec.mixinStandardHelpOptions()) {
            spec.mixinStandardHelpOptions(false);
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        Set<ExitCode> codes = EnumSet.of(ExitCode.OK);
        ExitCodes declared = spec.userObject().getClass().getAnnotation(ExitCodes.class);
        if (declared != null) {
            codes.addAll(List.of(declared.value()));
        }
        Map<String, String> list = new LinkedHashMap<>();
        codes.forEach(c -> list.put("%3d".formatted(c.code()), c.meaning()));
        spec.usageMessage().exitCodeListHeading("%nExit codes (every code: 'gmgw help exit-codes'):%n")
                .exitCodeList(list);
        command.getSubcommands().values().forEach(sub -> configureSubcommand(sub, seen));
    }
}
