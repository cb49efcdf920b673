package io.gmgw.crypto.selftest;

import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import io.gmgw.crypto.sm2.Sm2Domain;
import io.gmgw.crypto.sm2.Sm2PrivateKey;

/**
 * SM2 encryption known-answer test: the worked example of GB/T 32918.4-2016 Appendix A.2 on the standard's test curve,
 * encrypted with its fixed k and compared byte for byte (C1 ‖ C2 ‖ C3 as printed), then decrypted back; a ciphertext
 * with one altered bit of C3 must be refused.
 */
final class Sm2EncryptionKnownAnswerTest implements SelfTest {
    private final KnownAnswers v = KnownAnswers.load("sm2");

    @Override
    public String name() {
        return "sm2-encrypt-kat";
    }

    @Override
    public String description() {
        return "SM2 encryption (fixed k) and decryption against GB/T 32918.4-2016 Appendix A.2";
    }

    @Override
    public void run(ModuleUnderTest module) throws SelfTestFailure {
        Sm2 sm2 = module.sm2();
        Sm2PrivateKey key = Sm2PrivateKey.fromScalar(Sm2Domain.GMT0003_TEST_CURVE, v.bytes("enc.d"));
        try {
            byte[] message = v.bytes("enc.message");
            byte[] ct = sm2.encrypt(key.publicKey(), message, Sm2CiphertextFormat.RAW_C1C2C3,
                    new FixedRandom(v.bytes("enc.k")));
            v.expect("enc.c1c2c3", ct);
            v.expect("enc.message", sm2.decrypt(key, ct, Sm2CiphertextFormat.RAW_C1C2C3));
            ct[ct.length - 1] ^= 1;
            try {
                sm2.decrypt(key, ct, Sm2CiphertextFormat.RAW_C1C2C3);
                throw new SelfTestFailure("SM2 decryption accepted a ciphertext whose C3 was altered");
            } catch (BadCiphertextException expected) {
                // the C3 check works
            }
        } finally {
            key.destroy();
        }
    }
}
