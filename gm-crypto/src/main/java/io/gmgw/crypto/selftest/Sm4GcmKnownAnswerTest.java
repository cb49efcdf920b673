package io.gmgw.crypto.selftest;

import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.sm4.Sm4Gcm;
import java.util.Arrays;

/**
 * SM4-GCM with the vector of RFC 8998 Appendix A.1: seal, open, and the refusal of the same message with one tag bit
 * flipped (an authenticated mode that accepts anything would pass the first two).
 */
final class Sm4GcmKnownAnswerTest implements SelfTest {
    private final KnownAnswers vectors;

    Sm4GcmKnownAnswerTest() {
        this(KnownAnswers.load("sm4"));
    }

    /** With other vectors, so that tests can check that a wrong answer fails and is named. */
    Sm4GcmKnownAnswerTest(KnownAnswers vectors) {
        this.vectors = vectors;
    }

    @Override
    public String name() {
        return "sm4-gcm-kat";
    }

    @Override
    public String description() {
        return "SM4-GCM seal, open and forged-tag rejection against RFC 8998 Appendix A.1";
    }

    @Override
    public void run(ModuleUnderTest module) throws SelfTestFailure {
        byte[] nonce = vectors.bytes("gcm.nonce");
        byte[] aad = vectors.bytes("gcm.aad");
        byte[] plaintext = vectors.bytes("gcm.plaintext");
        int ctLength = plaintext.length;
        Sm4Gcm gcm = module.sm4().gcm(vectors.bytes("gcm.key"));
        try {
            byte[] sealed = new byte[ctLength + Sm4Gcm.TAG_LENGTH];
            gcm.seal(nonce, aad, plaintext, 0, plaintext.length, sealed, 0);
            vectors.expect("gcm.ciphertext", Arrays.copyOf(sealed, ctLength));
            vectors.expect("gcm.tag", Arrays.copyOfRange(sealed, ctLength, sealed.length));

            byte[] opened = new byte[ctLength];
            gcm.open(nonce, aad, sealed, 0, sealed.length, opened, 0);
            vectors.expect("gcm.plaintext", opened);

            sealed[sealed.length - 1] ^= 1;
            try {
                gcm.open(nonce, aad, sealed, 0, sealed.length, opened, 0);
                throw vectors.failure("gcm.tag", "a ciphertext whose tag has its last bit flipped was accepted");
            } catch (BadCiphertextException expected) {
                // the forgery was refused, as it must be
            }
        } finally {
            gcm.destroy();
        }
    }
}
