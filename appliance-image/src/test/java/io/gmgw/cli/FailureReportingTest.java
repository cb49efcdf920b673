package io.gmgw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailureReportingTest {
    private static final Supplier<CryptoModule> BROKEN = () -> {
        throw new IllegalStateException("boom in bootstrap");
    };

    @Test
    void unexpectedExceptionIsOneLineAndExit70WithoutStackTrace() {
        GmgwRun run = GmgwRun.run(BROKEN, "selftest");

        assertEquals(ExitCode.SOFTWARE.code(), run.exitCode(), run::toString);
        assertEquals(70, run.exitCode());
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().startsWith("gmgw selftest: internal error (IllegalStateException: boom in bootstrap)"),
                run::toString);
        assertTrue(run.err().contains("--verbose"), "says how to see more: " + run);
        assertFalse(run.err().contains("\tat "), run::toString);
    }

    @Test
    void anErrorIsReportedLikeAnUnexpectedException() {
        GmgwRun run = GmgwRun.run(() -> {
            throw new NoClassDefFoundError("org/example/Missing");
        }, "demo");

        assertEquals(70, run.exitCode(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().contains("internal error (NoClassDefFoundError: org/example/Missing)"), run::toString);
    }

    @Test
    void verboseAfterOrBeforeTheCommandPrintsTheStackTrace() {
        for (String[] args : new String[][] {{"selftest", "-v"}, {"--verbose", "selftest"}}) {
            GmgwRun run = GmgwRun.run(BROKEN, args);
            assertEquals(70, run.exitCode(), run::toString);
            assertTrue(run.err().contains("\tat io.gmgw.cli."), run::toString);
        }
    }

    @Test
    void verboseLowersLogLevelsForTheRunOnly() {
        AtomicBoolean debugDuringRun = new AtomicBoolean();
        Supplier<CryptoModule> probe = () -> {
            debugDuringRun.set(LoggerFactory.getLogger("crypto").isDebugEnabled());
            return TestModules.deterministic("verbose");
        };

        GmgwRun quiet = GmgwRun.run(probe, "selftest");
        assertEquals(0, quiet.exitCode(), quiet::toString);
        assertFalse(debugDuringRun.get(), "test logging is at WARN without -v");

        GmgwRun verbose = GmgwRun.run(probe, "-v", "selftest");
        assertEquals(0, verbose.exitCode(), verbose::toString);
        assertTrue(debugDuringRun.get(), "-v lowers the level to DEBUG while the command runs");
        assertFalse(LoggerFactory.getLogger("crypto").isDebugEnabled(), "and the configured level is back after");
    }
}
