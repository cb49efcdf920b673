package io.gmgw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class VersionCommandTest {

    @Test
    void printsGmgwJavaAndBouncyCastleVersionsWithoutStartingTheModule() {
        GmgwRun run = GmgwRun.run("version");

        assertEquals(0, run.exitCode(), run::toString);
        String[] lines = run.out().split("\\R");
        String built = "( \\(built from [0-9A-Za-z._+-]+\\))?";
        assertTrue(lines[0].matches("gmgw \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?" + built), run::toString);
        assertTrue(lines[1].startsWith("Java " + Runtime.version()), run::toString);
        assertTrue(lines[2].matches("Bouncy Castle 1\\.\\d+(\\.\\d+)?"), run::toString);
        assertEquals("", run.err());
        assertEquals(0, run.modulesStarted(), "version must not run the self-tests");
    }

    @Test
    void versionOptionPrintsTheSameLines() {
        assertEquals(GmgwRun.run("version").out(), GmgwRun.run("--version").out());
    }

    @Test
    void jsonHasEveryField() {
        GmgwRun run = GmgwRun.run("version", "--json");

        assertEquals(0, run.exitCode(), run::toString);
        JsonNode json = JsonMapper.builder().build().readTree(run.out());
        assertTrue(json.get("gmgw").asString().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), run::toString);
        assertEquals(Runtime.version().toString(), json.get("java").asString());
        assertTrue(json.get("bouncyCastle").asString().startsWith("1."), run::toString);
        assertFalse(json.get("commit").asString().isBlank());
    }
}
