package io.gmgw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageErrorTest {

    @ParameterizedTest(name = "gmgw {0}")
    @ValueSource(strings = {"", "bogus", "selftest --bogus", "version extra", "demo --dir", "selftst"})
    void usageErrorsExit64WithAPointerToHelpAndStartNoModule(String line) {
        GmgwRun run = GmgwRun.run(line.isEmpty() ? new String[0] : line.split(" "));

        assertEquals(64, run.exitCode(), run::toString);
        assertEquals(ExitCode.USAGE.code(), run.exitCode());
        assertTrue(run.err().contains("--help' for usage."), run::toString);
        assertTrue(run.out().isEmpty(), run::toString);
        assertEquals(0, run.modulesStarted());
    }

    @org.junit.jupiter.api.Test
    void aTypoGetsASuggestion() {
        GmgwRun run = GmgwRun.run("selftst");
        assertTrue(run.err().contains("Did you mean: gmgw selftest"), run::toString);
    }
}
