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

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
