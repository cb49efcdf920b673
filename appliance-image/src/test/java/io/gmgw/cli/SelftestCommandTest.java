package io.gmgw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.selftest.PowerOnSelfTests;
import io.gmgw.crypto.selftest.SelfTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SelftestCommandTest {
    private static final List<String> TEST_NAMES = PowerOnSelfTests.all().stream().map(SelfTest::name).toList();

    @TempDir
    Path tmp;

    @Test
    void approvedModuleExitsZeroAndListsEveryTestWithItsTime() {
        GmgwRun run = GmgwRun.run("selftest");

        assertEquals(0, run.exitCode(), run::toString);
        for (String name : TEST_NAMES) {
            assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s+PASS\\s+" + name + "\\s+\\d+\\.\\d{3} ms\\s+.+")),
                    () -> name + " missing in\n" + run);
        }
        assertTrue(run.out().contains("Module state: APPROVED"), run::toString);
        assertEquals(1, run.modulesStarted());
    }

    @Test
    void jsonIsOneDocumentWithOneEntryPerTest() {
        GmgwRun run = GmgwRun.run("selftest", "--json");

        assertEquals(0, run.exitCode(), run::toString);
        JsonNode json = JsonMapper.builder().build().readTree(run.out());
        assertEquals("APPROVED", json.get("state").asString());
        assertTrue(json.get("passed").asBoolean());
        List<String> names = new ArrayList<>();
        for (JsonNode test : json.get("tests")) {
            names.add(test.get("name").asString());
            assertTrue(test.get("passed").asBoolean(), test::toString);
            assertTrue(test.get("elapsedMicros").asLong() >= 0, test::toString);
            assertFalse(test.get("description").asString().isBlank(), test::toString);
        }
        assertEquals(TEST_NAMES, names);
    }

    @Test
    void failedSelfTestPrintsTheReportThenExitsWithTheSelfTestCode() {
        GmgwRun run = GmgwRun.run(() -> TestModules.failedSelfTest("cli"), "selftest");

        assertEquals(ExitCode.SELF_TEST_FAILED.code(), run.exitCode(), run::toString);
        assertEquals(80, run.exitCode());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s+FAIL\\s+" + TestModules.FAILING_TEST + "\\s.*")),
                run::toString);
        assertTrue(run.out().contains(TestModules.FAILING_DETAIL), run::toString);
        assertTrue(run.out().contains("Module state: ERROR"), run::toString);
        String[] errLines = run.err().split("\\R");
        assertEquals(1, errLines.length, run::toString);
        assertTrue(errLines[0].startsWith("gmgw selftest: the cryptographic module failed its power-on self-tests"),
                run::toString);
        assertTrue(errLines[0].contains(TestModules.FAILING_TEST), run::toString);
        assertTrue(errLines[0].contains("reinstall gmgw"), "says what to do: " + run);
        assertTrue(errLines[0].contains("the module stays in its error state until the process ends (GB/T 37092). "
                + "Run 'gmgw selftest' again"), "says the state is permanent, and what to do: " + run);
    }

    @Test
    void everyOtherCommandSaysTheErrorStateLastsUntilARestartAndWhatToDo() {
        Path dir = tmp.resolve("pki");
        GmgwRun run = GmgwRun.run(() -> TestModules.failedSelfTest("cli"), "pki", "init", "--dir", dir.toString());

        assertEquals(80, run.exitCode(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().startsWith("gmgw pki init: the cryptographic module failed its power-on self-tests "
                + "(self-test " + TestModules.FAILING_TEST), run::toString);
        assertTrue(run.err().contains("the error state lasts until the process ends (GB/T 37092): run the command "
                + "again, or restart the service; if the self-tests fail again, run 'gmgw selftest' for the full "
                + "report and reinstall gmgw"), run::toString);
        assertFalse(Files.exists(dir));
    }

    @Test
    void aModuleThatEntersItsErrorStateLaterIsReportedTheSameWay() {
        CryptoModule module = TestModules.deterministic("later");
        module.enterError("continuous RNG test failed");

        GmgwRun run = GmgwRun.run(() -> module, "demo", "--dir", tmp.resolve("demo").toString());

        assertEquals(80, run.exitCode(), run::toString);
        assertTrue(run.err().contains("(continuous RNG test failed), and gmgw does no cryptographic work in this state; "
                + "the error state lasts until the process ends"), run::toString);
    }

    @Test
    void failedSelfTestInJsonSaysSoAndStillExitsWithTheSelfTestCode() {
        GmgwRun run = GmgwRun.run(() -> TestModules.failedSelfTest("cli"), "selftest", "--json");

        assertEquals(80, run.exitCode(), run::toString);
        JsonNode json = JsonMapper.builder().build().readTree(run.out());
        assertEquals("ERROR", json.get("state").asString());
        assertFalse(json.get("passed").asBoolean());
        assertTrue(json.get("reason").asString().contains(TestModules.FAILING_TEST), run::toString);
        JsonNode last = json.get("tests").get(json.get("tests").size() - 1);
        assertEquals(TestModules.FAILING_TEST, last.get("name").asString());
        assertEquals(TestModules.FAILING_DETAIL, last.get("detail").asString());
    }
}
