package io.gmgw.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The one skip-or-fail rule, and how it reads CI. */
class SystemPeersTest {
    private static final String REASON = "openssl CLI not found on PATH: install Debian package openssl";

    private static Map<String, String> ci(String value) {
        Map<String, String> env = new HashMap<>();
        if (value != null) {
            env.put("CI", value);
        }
        return env;
    }

    @Test
    void readsCi() {
        for (String value : List.of("true", "TRUE", "True", " true ", "1", "yes", "on", "github-actions")) {
            assertTrue(SystemPeers.isCi(ci(value)), "CI=" + value + " is CI");
        }
        for (String value : new String[] {null, "", "  ", "false", "FALSE", " False ", "0", " 0 "}) {
            assertFalse(SystemPeers.isCi(ci(value)), "CI=" + value + " is not CI");
        }
    }

    @Test
    void presentPeerPasses() {
        assertDoesNotThrow(() -> SystemPeers.require(ci("true"), true, REASON));
        assertDoesNotThrow(() -> SystemPeers.require(ci(null), true, REASON));
    }

    @Test
    void missingPeerSkipsWithTheReasonOutsideCi() {
        for (String value : new String[] {null, "", "false", "0"}) {
            TestAbortedException e = assertThrows(TestAbortedException.class,
                    () -> SystemPeers.require(ci(value), false, REASON), "CI=" + value);
            assertTrue(e.getMessage().contains(REASON), e.getMessage());
        }
    }

    @Test
    void missingPeerFailsUnderCi() {
        for (String value : new String[] {"true", "TRUE", " true ", "1"}) {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> SystemPeers.require(ci(value), false, REASON), "CI=" + value);
            assertTrue(e.getMessage().startsWith(REASON), e.getMessage());
            assertTrue(e.getMessage().contains("CI=" + value.strip()), e.getMessage());
        }
    }

    @Test
    void aMissingFileNamesThePropertyOrThePathAndHowToInstall() {
        if (SystemPeers.isCi()) {
            AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> SystemPeers.requireFile(
                    "gmgw.test.no-such-property", "the thing", "apt-get install thing"));
            assertTrue(e.getMessage().contains("gmgw.test.no-such-property") && e.getMessage().contains("apt-get"));
        } else {
            TestAbortedException e = assertThrows(TestAbortedException.class, () -> SystemPeers.requireFile(
                    "gmgw.test.no-such-property", "the thing", "apt-get install thing"));
            assertEquals("the thing is not available (system property gmgw.test.no-such-property is not set):"
                    + " apt-get install thing [skipped on this machine; under CI (CI=true) this is a failure]",
                    e.getMessage());
        }
    }

    @Test
    void findsProgramsOnThePath() {
        assertTrue(SystemPeers.findProgram("sh") != null, "sh is on every PATH");
        assertEquals(null, SystemPeers.findProgram("gmgw-no-such-program"));
    }
}
