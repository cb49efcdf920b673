package io.gmgw.cli;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.ModuleState;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * What the launcher sets up once per process and hands to the commands: the cryptographic module and the audit
 * trail. The module is started (and its power-on self-tests run) only when a command first asks for it, so
 * {@code version} and {@code --help} never pay for the self-tests.
 */
public final class Bootstrap {
    private final Function<Audit, CryptoModule> moduleFactory;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final ProcessAudit sink;
    private final String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private String program = "gmgw";
    private Audit audit;
    private CryptoModule module;

    /**
     * @param moduleFactory starts the process's module, recording its self-tests through the audit it is given
     * @param auditLog      the hash-chained audit log
     * @param err           where a warning about an unwritable audit log goes
     */
    public Bootstrap(Function<Audit, CryptoModule> moduleFactory, InputStream stdin, OutputStream stdout,
            Path auditLog, PrintWriter err) {
        this.moduleFactory = Objects.requireNonNull(moduleFactory, "moduleFactory");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.sink = new ProcessAudit(auditLog, err);
    }

    /** Standard input as bytes (application data a relay sends). */
    public InputStream stdin() {
        return stdin;
    }

    /** Standard output as bytes (application data a relay received); flush the text writer first. */
    public OutputStream stdout() {
        return stdout;
    }

    /** The command being run ({@code gmgw pki issue}), as the audit records name the acting program. */
    synchronized void program(String name) {
        this.program = Objects.requireNonNull(name, "name");
        this.audit = null;
    }

    /**
     * The process's audit trail, for commands that change no security state: if the audit log cannot be written
     * they go on after one warning.
     */
    public synchronized Audit audit() {
        if (audit == null) {
            audit = new Audit(sink, Clock.systemUTC(), Actor.ofThisProcess(program), Map.of("run", run));
        }
        return audit;
    }

    /**
     * The audit trail for a command that changes security state (a CA, a token, a signed ACL): the audit log is
     * opened now, and the command refuses to run when it cannot be written.
     *
     * @throws CommandFailedException {@link ExitCode#AUDIT_UNAVAILABLE} when the audit log cannot be written
     */
    public Audit auditForChange() {
        sink.requireWritable(program);
        return audit();
    }

    /** The audit log file. */
    public Path auditLog() {
        return sink.file();
    }

    /** The process's module, started on first use, in whatever state its self-tests left it. */
    public synchronized CryptoModule startedModule() {
        if (module == null) {
            module = Objects.requireNonNull(moduleFactory.apply(audit()), "module factory returned null");
        }
        return module;
    }

    /**
     * The process's module for cryptographic work.
     *
     * @throws CommandFailedException with {@link ExitCode#SELF_TEST_FAILED} when the module is not approved
     */
    public CryptoModule approvedModule() {
        CryptoModule m = startedModule();
        if (m.state() != ModuleState.APPROVED) {
            throw notApproved(m.status());
        }
        return m;
    }

    /**
     * The failure every command reports when the module is not approved: what failed, that the error state is
     * permanent for this process, then what to do.
     */
    static CommandFailedException notApproved(CryptoModule.Status status) {
        return new CommandFailedException(ExitCode.SELF_TEST_FAILED,
                whatFailed(status) + ", and gmgw does no cryptographic work in this state; "
                        + ExitCode.SELF_TEST_FAILED.nextStep());
    }

    /**
     * {@code gmgw selftest}'s failure, after the report: the same, without sending the operator to the command they
     * just ran.
     */
    static CommandFailedException selfTestsFailed(CryptoModule.Status status) {
        return new CommandFailedException(ExitCode.SELF_TEST_FAILED,
                whatFailed(status) + "; the module stays in its error state until the process ends (GB/T 37092). "
                        + "Run 'gmgw selftest' again (a sound random generator fails the randomness self-test less"
                        + " than once in a million starts); if a test fails again, reinstall gmgw: its installation or"
                        + " the JVM is damaged");
    }

    private static String whatFailed(CryptoModule.Status status) {
        return status.reason() == null ? "the cryptographic module is in state " + status.state()
                : "the cryptographic module failed its power-on self-tests (" + status.reason() + ")";
    }
}
