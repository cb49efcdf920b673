package io.gmgw.cli;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.ModuleState;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the launcher sets up once per process and hands to the commands: today the cryptographic module. The module
 * is started (and its power-on self-tests run) only when a command first asks for it, so {@code version} and
 * {@code --help} never pay for the self-tests.
 */
public final class Bootstrap {
    private final Supplier<CryptoModule> moduleFactory;
    private final java.io.InputStream stdin;
    private final java.io.OutputStream stdout;
    private CryptoModule module;

    /** @param moduleFactory starts the process's module: {@code CryptoModule::start} in production. */
    public Bootstrap(Supplier<CryptoModule> moduleFactory) {
        this(moduleFactory, System.in, System.out);
    }

    /** With the byte streams that relaying commands ({@code tlcp connect}) read and write. */
    public Bootstrap(Supplier<CryptoModule> moduleFactory, java.io.InputStream stdin, java.io.OutputStream stdout) {
        this.moduleFactory = Objects.requireNonNull(moduleFactory, "moduleFactory");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
    }

    /** Standard input as bytes (application data a relay sends). */
    public java.io.InputStream stdin() {
        return stdin;
    }

    /** Standard output as bytes (application data a relay received); flush the text writer first. */
    public java.io.OutputStream stdout() {
        return stdout;
    }

    /** The process's module, started on first use, in whatever state its self-tests left it. */
    public synchronized CryptoModule startedModule() {
        if (module == null) {
            module = Objects.requireNonNull(moduleFactory.get(), "module factory returned null");
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
