package io.gmgw.crypto;

import io.gmgw.crypto.core.ModuleState;
import io.gmgw.crypto.selftest.ModuleUnderTest;
import io.gmgw.crypto.selftest.PowerOnSelfTests;
import io.gmgw.crypto.selftest.SelfTest;
import io.gmgw.crypto.selftest.SelfTestFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Crypto modules for tests: self-tested like production, with a DRBG seeded from a fixed string. */
public final class TestModules {
    /** Name and failure detail of the test that {@link #suiteWithAFailingTest()} adds. */
    public static final String FAILING_TEST = "always-fails";
    public static final String FAILING_DETAIL = "expected 66c7f0f4, got 00000000";

    private TestModules() {
    }

    /** A deterministic, approved module; the same {@code seed} gives the same random values. */
    public static CryptoModule deterministic(String seed) {
        CryptoModule module = CryptoModule.start(CryptoModule.Options.deterministic(seed.getBytes(StandardCharsets.UTF_8)));
        if (module.state() != ModuleState.APPROVED) {
            throw new AssertionError("test module did not pass its self-tests: " + module.status());
        }
        return module;
    }

    /** An approved module seeded from the operating system, as in production. */
    public static CryptoModule production() {
        CryptoModule module = CryptoModule.start();
        if (module.state() != ModuleState.APPROVED) {
            throw new AssertionError("module did not pass its self-tests: " + module.status());
        }
        return module;
    }

    /** The power-on suite plus a test ({@link #FAILING_TEST}) that fails with {@link #FAILING_DETAIL}. */
    public static List<SelfTest> suiteWithAFailingTest() {
        List<SelfTest> tests = new ArrayList<>(PowerOnSelfTests.all());
        tests.add(new SelfTest() {
            @Override
            public String name() {
                return FAILING_TEST;
            }

            @Override
            public String description() {
                return "a broken primitive";
            }

            @Override
            public void run(ModuleUnderTest module) throws SelfTestFailure {
                throw new SelfTestFailure(FAILING_DETAIL);
            }
        });
        return tests;
    }

    /** A module whose power-on self-tests failed ({@link #suiteWithAFailingTest()}): in the error state. */
    public static CryptoModule failedSelfTest(String seed) {
        CryptoModule module = CryptoModule.start(CryptoModule.Options.deterministic(seed.getBytes(StandardCharsets.UTF_8))
                .selfTests(suiteWithAFailingTest()));
        if (module.state() != ModuleState.ERROR) {
            throw new AssertionError("a failing self-test did not put the module in the error state: " + module.status());
        }
        return module;
    }
}
