package io.gmgw.crypto.selftest;

import java.util.List;

/** The power-on self-test suite, in the order it runs. */
public final class PowerOnSelfTests {
    private PowerOnSelfTests() {
    }

    public static List<SelfTest> all() {
        // Hash first (everything else uses SM3), then the block cipher, then the random bit generator, then the
        // public-key algorithms.
        return List.of(
                new Sm3KnownAnswerTest(),
                new HmacSm3KnownAnswerTest(),
                new Sm4EcbKnownAnswerTest(),
                new Sm4CbcKnownAnswerTest(),
                new Sm4CtrKnownAnswerTest(),
                new Sm4GcmKnownAnswerTest(),
                new DrbgKnownAnswerTest(),
                new RandomnessSelfTest(),
                new Sm2SignatureKnownAnswerTest(),
                new Sm2EncryptionKnownAnswerTest(),
                new Sm2KeyExchangeKnownAnswerTest());
    }
}
