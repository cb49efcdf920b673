package io.gmgw.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(e.getMessage().contains("restarted"), e.getMessage());
        assertThrows(CryptoModuleErrorException.class, () -> module.random().nextInt());
        assertThrows(CryptoModuleErrorException.class, module::runSelfTests);
    }

    @Test
    void errorStateIsPermanentAndKeepsTheFirstReason() {
        CryptoModule module = TestModules.deterministic("error");
        module.enterError("first");
        module.enterError("second");
        assertEquals(ModuleState.ERROR, module.state());
        assertEquals("first", module.status().reason());
    }

    @Test
    void aModuleWithoutSelfTestsIsNeverApproved() {
        CryptoModule module = CryptoModule.start(CryptoModule.Options.deterministic(new byte[] {2}).selfTests(List.of()));
        assertEquals(ModuleState.ERROR, module.state());
    }
}
