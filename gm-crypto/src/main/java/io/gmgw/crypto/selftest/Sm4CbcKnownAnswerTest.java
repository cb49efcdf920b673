package io.gmgw.crypto.selftest;

import io.gmgw.crypto.sm4.Sm4Cbc;

/** SM4-CBC encryption and decryption with example 1 of draft-ribose-cfrg-sm4-10 Appendix A.2.2. */
final class Sm4CbcKnownAnswerTest implements SelfTest {
    private final KnownAnswers vectors;

    Sm4CbcKnownAnswerTest() {
        this(KnownAnswers.load("sm4"));
    }

    /** With other vectors, so that tests can check that a wrong answer fails and is named. */
    Sm4CbcKnownAnswerTest(KnownAnswers vectors) {
        this.vectors = vectors;
    }

    @Override
    public String name() {
        return "sm4-cbc-kat";
    }

    @Override
    public String description() {
        return "SM4-CBC encrypt and decrypt of two blocks against draft-ribose-cfrg-sm4-10 Appendix A.2.2.1";
    }

    @Override
    public void run(ModuleUnderTest module) throws SelfTestFailure {
        byte[] iv = vectors.bytes("cbc.iv");
        byte[] plaintext = vectors.bytes("cbc.plaintext");
        byte[] ciphertext = vectors.bytes("cbc.ciphertext");
        byte[] out = new byte[plaintext.length];
        Sm4Cbc cbc = module.sm4().cbc(vectors.bytes("cbc.key"));
        try {
            cbc.encrypt(iv, 0, plaintext, 0, plaintext.length, out, 0);
            vectors.expect("cbc.ciphertext", out);
            cbc.decrypt(iv, 0, ciphertext, 0, ciphertext.length, out, 0);
            vectors.expect("cbc.plaintext", out);
        } finally {
            cbc.destroy();
        }
    }
}
