package io.gmgw.cli;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** One in-process run of the launcher: exit code, what it wrote, and how often it started a crypto module. */
public record GmgwRun(int exitCode, String out, String err, int modulesStarted) {

    /** Runs {@code args} with an approved, deterministic module. */
    public static GmgwRun run(String... args) {
        return run(() -> TestModules.deterministic("cli"), args);
    }

    public static GmgwRun run(Supplier<CryptoModule> modules, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger started = new AtomicInteger();
        Supplier<CryptoModule> counting = () -> {
            started.incrementAndGet();
            return modules.get();
        };
        int code = new Launcher(counting, new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new GmgwRun(code, out.toString(), err.toString(), started.get());
    }

    /**
     * Runs {@code args} with {@code module}, recording security events in the audit log {@code auditLog} (and the
     * module's own events, when {@code module} is null and a fresh deterministic module is started for the run).
     */
    public static GmgwRun withAuditLog(java.nio.file.Path auditLog, CryptoModule module, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger started = new AtomicInteger();
        int code = new Launcher(audit -> {
            started.incrementAndGet();
            return module != null ? module : CryptoModule.start(CryptoModule.Options.deterministic(
                    "audited".getBytes(java.nio.charset.StandardCharsets.UTF_8)).audit(audit));
        }, new PrintWriter(out), new PrintWriter(err), java.io.InputStream.nullInputStream(),
                java.io.OutputStream.nullOutputStream(), auditLog).execute(args);
        return new GmgwRun(code, out.toString(), err.toString(), started.get());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
