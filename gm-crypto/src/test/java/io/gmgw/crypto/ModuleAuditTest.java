package io.gmgw.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.AuditException;
import io.gmgw.audit.Outcome;
import io.gmgw.audit.Severity;
import io.gmgw.crypto.core.ModuleState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module records its self-tests and its error state through the audit it was given, and an audit failure never changes its state. */
class ModuleAuditTest {
    private final List<AuditEvent> events = new ArrayList<>();
    private final Audit audit = new Audit(events::add, Clock.systemUTC(), Actor.ofThisProcess("test"), Map.of());

    @Test
    void passingSelfTestsAreRecorded() {
        CryptoModule module = CryptoModule.start(CryptoModule.Options.deterministic(new byte[] {3}).audit(audit));
        assertEquals(ModuleState.APPROVED, module.state());
        assertEquals(1, events.size());
        assertEquals("crypto.selftest", events.get(0).event());
        assertEquals(Outcome.SUCCESS, events.get(0).outcome());
        assertEquals(Integer.toString(module.lastSelfTestReport().results().size()),
                events.get(0).details().get("tests"));
    }

    @Test
    void aFailedSelfTestIsRecordedAsCriticalWithTheTestNamed() {
        CryptoModule.start(CryptoModule.Options.deterministic(new byte[] {4}).audit(audit)
                .selfTests(TestModules.suiteWithAFailingTest()));
        assertEquals(1, events.size());
        AuditEvent e = events.get(0);
        assertEquals("crypto.selftest", e.event());
        assertEquals(Outcome.FAILURE, e.outcome());
        assertEquals(Severity.CRITICAL, e.severity());
        assertEquals(TestModules.FAILING_TEST, e.details().get("test"));
        assertTrue(e.reason().contains(TestModules.FAILING_DETAIL), e.reason());
    }

    @Test
    void theErrorStateIsRecordedOnceWithItsFirstReason() {
        CryptoModule module = CryptoModule.start(CryptoModule.Options.deterministic(new byte[] {5}).audit(audit));
        module.enterError("continuous RNG test failed");
        module.enterError("a second reason");
        assertEquals(List.of("crypto.selftest", "crypto.module-error"), events.stream().map(AuditEvent::event).toList());
        assertEquals("continuous RNG test failed", events.get(1).reason());
    }

    @Test
    void anAuditLogThatCannotBeWrittenDoesNotChangeTheModulesState() {
        Audit broken = new Audit(e -> {
            throw new AuditException("disk full");
        }, Clock.systemUTC(), Actor.ofThisProcess("test"), Map.of());
        CryptoModule module = CryptoModule.start(CryptoModule.Options.deterministic(new byte[] {6}).audit(broken));
        assertEquals(ModuleState.APPROVED, module.state());
        module.enterError("health test failed");
        assertEquals(ModuleState.ERROR, module.state());
    }
}
