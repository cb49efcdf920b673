package io.gmgw.crypto.selftest;

import java.util.List;

/** The power-on self-test suite, in the order it runs. */
public final class PowerOnSelfTests {
    private PowerOnSelfTests() {
    }

    public static List<SelfTest> all() {
        return List.of(
                new Sm3KnownAnswerTest(),
                new Sm4EcbKnownAnswerTest(),
                new Sm4CbcKnownAnswerTest(),
                new Sm4CtrKnownAnswerTest(),
                new Sm4GcmKnownAnswerTest());
    }
}
