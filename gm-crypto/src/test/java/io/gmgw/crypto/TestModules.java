package io.gmgw.crypto;

import java.nio.charset.StandardCharsets;

/** Crypto modules for tests: self-tested like production, with a DRBG seeded from a fixed string. */
public final class TestModules {
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
}
