package io.gmgw.crypto.selftest;

import io.gmgw.crypto.sm4.Sm4Ecb;

/** SM4 block encryption and decryption with example 1 of GB/T 32907-2016 Appendix A. */
final class Sm4EcbKnownAnswerTest implements SelfTest {
    private final KnownAnswers vectors;

    Sm4EcbKnownAnswerTest() {
        this(KnownAnswers.load("sm4"));
    }

    /** With other vectors, so that tests can check that a wrong answer fails and is named. */
    Sm4EcbKnownAnswerTest(KnownAnswers vectors) {
        this.vectors = vectors;
    }

    @Override
    public String name() {
        return "sm4-ecb-kat";
    }

    @Override
    public String description() {
        return "SM4-ECB encrypt and decrypt of one block against GB/T 32907-2016 Appendix A example 1";
    }

    @Override
    public void run(ModuleUnderTest module) throws SelfTestFailure {
        byte[] plaintext = vectors.bytes("ecb.plaintext");
        byte[] ciphertext = vectors.bytes("ecb.ciphertext");
        byte[] out = new byte[plaintext.length];
        Sm4Ecb ecb = module.sm4().ecb(vectors.bytes("ecb.key"));
        try {
            ecb.encrypt(plaintext, 0, plaintext.length, out, 0);
            vectors.expect("ecb.ciphertext", out);
            ecb.decrypt(ciphertext, 0, ciphertext.length, out, 0);
            vectors.expect("ecb.plaintext", out);
        } finally {
            ecb.destroy();
        }
    }
}
