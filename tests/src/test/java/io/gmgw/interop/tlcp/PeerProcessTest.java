package io.gmgw.interop.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waiting for peer output with timeouts, early exits, and cleanup that leaves no process behind. */
class PeerProcessTest {
    @Test
    void linesArriveInOrderPerKindAndTheExitStatusIsKept() {
        try (PeerProcess p = PeerProcess.start("printer", List.of("sh", "-c",
                "printf 'CONN\\tok=true\\ni=1\\nREADY\\tport=7\\nCONN\\tok=false\\n'; echo oops >&2; exit 3"))) {
            assertEquals(7, p.await("READY", Duration.ofSeconds(10)).integer("port"));
            assertTrue(p.await("CONN", Duration.ofSeconds(10)).flag("ok"));
            assertFalse(p.await("CONN", Duration.ofSeconds(10)).flag("ok"));
            assertEquals(3, p.awaitExit(Duration.ofSeconds(10)));
            assertTrue(p.transcript().contains("stderr| oops"), p.transcript());
            PeerFailedException e = assertThrows(PeerFailedException.class,
                    () -> p.await("CONN", Duration.ofSeconds(10)));
            assertTrue(e.getMessage().contains("output ended") && e.getMessage().contains("exit status 3"),
                    e.getMessage());
        }
    }

    @Test
    void aLineThatDoesNotComeTimesOutAndCloseKillsTheProcess() {
        PeerProcess p = PeerProcess.start("sleeper", List.of("sh", "-c", "echo started; exec sleep 600"),
                Duration.ofMillis(200));
        try {
            PeerFailedException e = assertThrows(PeerFailedException.class,
                    () -> p.await("READY", Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("no READY line within 300 ms"), e.getMessage());
            assertTrue(p.isAlive());
        } finally {
            p.close();
        }
        assertFalse(p.isAlive(), "close() must not leave the peer running");
    }

    @Test
    void aProgramThatOutlivesItsExitTimeoutIsDestroyed() {
        try (PeerProcess p = PeerProcess.start("stuck", List.of("sleep", "600"))) {
            PeerFailedException e = assertThrows(PeerFailedException.class,
                    () -> p.awaitExit(Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("still running after 200 ms"), e.getMessage());
            assertFalse(p.isAlive());
        }
    }

    @Test
    void closingStdinIsTheStopSignal() {
        try (PeerProcess p = PeerProcess.start("reader", List.of("sh", "-c",
                "echo READY; while read l; do echo \"GOT\t$l\"; done; echo BYE"))) {
            p.await("READY", Duration.ofSeconds(10));
            p.send("x=1");
            assertEquals("GOT\tx=1", p.await("GOT", Duration.ofSeconds(10)).raw());
            p.closeInput();
            p.await("BYE", Duration.ofSeconds(10));
            assertEquals(0, p.awaitExit(Duration.ofSeconds(10)));
        }
    }
}
