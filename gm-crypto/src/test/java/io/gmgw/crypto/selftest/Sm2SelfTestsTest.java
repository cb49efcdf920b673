package io.gmgw.crypto.selftest;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import org.junit.jupiter.api.Test;

/** The SM2 known-answer self-tests and their fixed source of k (the vectors themselves: Sm2PublishedVectorsTest). */
class Sm2SelfTestsTest {
    private final CryptoModule module = TestModules.deterministic("sm2-vectors");

    @Test
    void theSelfTestsPassOnAHealthyModuleAndTheirVectorsAreTheStandards() throws SelfTestFailure {
        new Sm2SignatureKnownAnswerTest().run(module);
        new Sm2EncryptionKnownAnswerTest().run(module);
        new Sm2KeyExchangeKnownAnswerTest().run(module);
    }

    @Test
    void theKnownAnswerRandomSourceRefusesToRunDry() {
        assertThrows(IllegalStateException.class, () -> new FixedRandom().nextBytes(new byte[32]));
    }
}
