package io.gmgw.crypto.selftest;

import io.gmgw.crypto.sm4.Sm4Ctr;

/**
 * SM4-CTR with example 1 of draft-ribose-cfrg-sm4-10 Appendix A.2.5: the only test of the whole-block counter, which
 * GCM's 32-bit counter does not exercise.
 */
final class Sm4CtrKnownAnswerTest implements SelfTest {
    private final KnownAnswers vectors;

    Sm4CtrKnownAnswerTest() {
        this(KnownAnswers.load("sm4"));
    }

    /** With other vectors, so that tests can check that a wrong answer fails and is named. */
    Sm4CtrKnownAnswerTest(KnownAnswers vectors) {
        this.vectors = vectors;
    }

    @Override
    public String name() {
        return "sm4-ctr-kat";
    }

    @Override
    public String description() {
        return "SM4-CTR encrypt and decrypt of four blocks against draft-ribose-cfrg-sm4-10 Appendix A.2.5.1";
    }

    @Override
    public void run(ModuleUnderTest module) throws SelfTestFailure {
        byte[] counterBlock = vectors.bytes("ctr.iv");
        byte[] plaintext = vectors.bytes("ctr.plaintext");
        byte[] ciphertext = vectors.bytes("ctr.ciphertext");
        byte[] out = new byte[plaintext.length];
        Sm4Ctr ctr = module.sm4().ctr(vectors.bytes("ctr.key"));
        try {
            ctr.encrypt(counterBlock, 0, plaintext, 0, plaintext.length, out, 0);
            vectors.expect("ctr.ciphertext", out);
            ctr.decrypt(counterBlock, 0, ciphertext, 0, ciphertext.length, out, 0);
            vectors.expect("ctr.plaintext", out);
        } finally {
            ctr.destroy();
        }
    }
}
