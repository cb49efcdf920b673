package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The skip-or-fail rule for missing system peers. */
class SystemPeersTest {
    private static final String REASON = "openssl CLI not found on PATH: install Debian package openssl";

    @Test
    void presentPeerPasses() {
        assertDoesNotThrow(() -> SystemPeers.require(Map.of("CI", "true"), true, REASON));
        assertDoesNotThrow(() -> SystemPeers.require(Map.of(), true, REASON));
    }

    @Test
    void missingPeerSkipsWithTheReasonOutsideCi() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("CI", "false"), Map.of("CI", ""))) {
            TestAbortedException e = assertThrows(TestAbortedException.class,
                    () -> SystemPeers.require(env, false, REASON), "environment " + env);
            assertTrue(e.getMessage().contains(REASON), e.getMessage());
        }
    }

    @Test
    void missingPeerFailsUnderCi() {
        for (String ci : new String[] {"true", "TRUE", " true "}) {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> SystemPeers.require(Map.of("CI", ci), false, REASON), "CI=" + ci);
            assertTrue(e.getMessage().contains(REASON) && e.getMessage().contains("CI=true"), e.getMessage());
        }
    }
}
