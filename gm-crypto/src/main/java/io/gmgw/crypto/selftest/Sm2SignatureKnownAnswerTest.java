package io.gmgw.crypto.selftest;

import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2Domain;
import io.gmgw.crypto.sm2.Sm2PrivateKey;
import io.gmgw.crypto.sm2.Sm2Signatures;

/**
 * SM2 signature known-answer test: the worked example of GB/T 32918.2-2016 Appendix A.2 on the standard's test curve,
 * signed with its fixed k and checked for Z, r and s; then the signature verifies and a one-bit change of the message
 * does not.
 */
final class Sm2SignatureKnownAnswerTest implements SelfTest {
    private final KnownAnswers v = KnownAnswers.load("sm2");

    @Override
    public String name() {
        return "sm2-sign-kat";
    }

    @Override
    public String description() {
        return "SM2 Z, signature (fixed k) and verification against GB/T 32918.2-2016 Appendix A.2";
    }

    @Override
    public void run(ModuleUnderTest module) throws SelfTestFailure {
        Sm2 sm2 = module.sm2();
        Sm2Domain domain = Sm2Domain.GMT0003_TEST_CURVE;
        Sm2PrivateKey key = Sm2PrivateKey.fromScalar(domain, v.bytes("sign.d"));
        try {
            byte[] id = v.bytes("sign.id");
            byte[] message = v.bytes("sign.message");
            v.expect("sign.z", sm2.z(key.publicKey(), id));
            byte[] der = sm2.sign(key, message, id, new FixedRandom(v.bytes("sign.k")));
            byte[] raw = Sm2Signatures.derToRaw(domain, der);
            v.expect("sign.r", java.util.Arrays.copyOfRange(raw, 0, 32));
            v.expect("sign.s", java.util.Arrays.copyOfRange(raw, 32, 64));
            if (!sm2.verify(key.publicKey(), message, der, id)) {
                throw new SelfTestFailure("SM2 verification rejected the standard's signature");
            }
            message[0] ^= 1;
            if (sm2.verify(key.publicKey(), message, der, id)) {
                throw new SelfTestFailure("SM2 verification accepted a signature over a different message");
            }
        } finally {
            key.destroy();
        }
    }
}
