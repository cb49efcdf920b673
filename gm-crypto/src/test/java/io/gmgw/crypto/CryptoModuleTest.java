package io.gmgw.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.core.CryptoModuleErrorException;
import io.gmgw.crypto.core.ModuleState;
import io.gmgw.crypto.selftest.PowerOnSelfTests;
import io.gmgw.crypto.selftest.SelfTestReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class CryptoModuleTest {

    @Test
    void passingSelfTestsApproveTheModule() {
        CryptoModule module = TestModules.deterministic("state");
        assertEquals(ModuleState.APPROVED, module.state());
        SelfTestReport report = module.lastSelfTestReport();
        assertTrue(report.passed());
        assertEquals(PowerOnSelfTests.all().size(), report.results().size());
    }

    @Test
    void aFailingSelfTestPutsTheModuleInErrorAndEveryCallIsRefused() {
        CryptoModule module = CryptoModule.start(CryptoModule.Options.deterministic(new byte[] {1})
                .selfTests(TestModules.suiteWithAFailingTest()));
        assertEquals(ModuleState.ERROR, module.state());
        assertFalse(module.lastSelfTestReport().passed());
        assertTrue(module.status().reason().contains(TestModules.FAILING_TEST));

        CryptoModuleErrorException e = assertThrows(CryptoModuleErrorException.class,
                () -> module.sm3().hash(new byte[3]));
        assertEquals(ModuleState.ERROR, e.state());
        assertTrue(e.getMessage().startsWith("cryptographic module is in its error state (self-test "
                + TestModules.FAILING_TEST), e.getMessage());
        assertTrue(e.getMessage().contains("lasts until the process ends: no cryptographic service until gmgw is "
                + "restarted and its self-tests pass"), e.getMessage());
        CryptoModuleErrorException random = assertThrows(CryptoModuleErrorException.class,
                () -> module.random().nextInt());
        assertTrue(random.getMessage().contains("until gmgw is restarted"), random.getMessage());
        CryptoModuleErrorException rerun = assertThrows(CryptoModuleErrorException.class, module::runSelfTests);
        assertTrue(rerun.getMessage().contains("no new self-test run until gmgw is restarted"), rerun.getMessage());
    }

    @Test
    void errorStateIsPermanentAndKeepsTheFirstReason() {
        CryptoModule module = TestModules.deterministic("error");
        assertNull(module.errorReason());
        module.enterError("first");
        module.enterError("second");
        assertEquals(ModuleState.ERROR, module.state());
        assertEquals("first", module.status().reason());
        assertEquals("first", module.errorReason());
    }

    @Test
    void aModuleWithoutSelfTestsIsNeverApproved() {
        CryptoModule module = CryptoModule.start(CryptoModule.Options.deterministic(new byte[] {2}).selfTests(List.of()));
        assertEquals(ModuleState.ERROR, module.state());
    }
}
