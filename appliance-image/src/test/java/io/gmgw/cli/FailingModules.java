package io.gmgw.cli;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.selftest.PowerOnSelfTests;
import io.gmgw.crypto.selftest.SelfTest;
import io.gmgw.crypto.selftest.SelfTestFailure;
import java.util.ArrayList;
import java.util.List;

/** A module whose power-on self-tests fail: the real suite plus one test that always fails. */
final class FailingModules {
    static final String FAILING_TEST = "broken-primitive-kat";
    static final String FAILURE_DETAIL = "expected 66c7f0f4, got 00000000";

    private FailingModules() {
    }

    static CryptoModule start() {
        List<SelfTest> tests = new ArrayList<>(PowerOnSelfTests.all());
        tests.add(new SelfTest() {
            @Override
            public String name() {
                return FAILING_TEST;
            }

            @Override
            public String description() {
                return "a primitive that gives the wrong answer";
            }

            @Override
            public void run(CryptoModule module) throws SelfTestFailure {
                throw new SelfTestFailure(FAILURE_DETAIL);
            }
        });
        return CryptoModule.start(CryptoModule.Options.deterministic(new byte[] {42}).selfTests(tests));
    }
}
