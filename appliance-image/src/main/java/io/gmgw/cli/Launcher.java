package io.gmgw.cli;

import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Wires the {@code gmgw} command tree once: the writers, the {@link Bootstrap} handed to commands, the exit-code
 * mapping, the failure and usage-error handlers, {@code --verbose}, and the exit-code table in every command's help.
 * {@link Gmgw#main} uses it with the real module and {@code System.out}/{@code System.err}; tests with their own.
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
        showExitCodes(commandLine, new HashSet<>());
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

    /** Every command's help ends with the exit-code table, generated from {@link ExitCode} so it cannot drift. */
    private static void showExitCodes(CommandLine command, Set<CommandLine> seen) {
        if (!seen.add(command)) {
            return;
        }
        command.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.helpList());
        command.getSubcommands().values().forEach(sub -> showExitCodes(sub, seen));
    }
}
