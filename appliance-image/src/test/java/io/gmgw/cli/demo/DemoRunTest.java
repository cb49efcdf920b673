package io.gmgw.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run ends what its steps started, newest first, every one even when one fails, and only once. */
class DemoRunTest {
    @Test
    void closesNewestFirstAndEveryOneDespiteAFailure() {
        List<String> closed = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("gateway stuck");
        DemoRun run = new DemoRun();
        run.started(() -> closed.add("smart key store"));
        run.started(() -> {
            closed.add("gateway");
            throw boom;
        });
        run.started(() -> closed.add("tunnel"));

        IllegalStateException thrown = assertThrows(IllegalStateException.class, run::close);

        assertSame(boom, thrown);
        assertEquals(List.of("tunnel", "gateway", "smart key store"), closed);
        run.close();
        assertEquals(3, closed.size(), "closed once");
    }

    @Test
    void aCheckedFailureIsReportedWithWhatFailed() {
        DemoRun run = new DemoRun();
        run.started(() -> {
            throw new java.io.IOException("socket gone");
        });
        IllegalStateException thrown = assertThrows(IllegalStateException.class, run::close);
        assertEquals("socket gone", thrown.getCause().getMessage());
    }
}
