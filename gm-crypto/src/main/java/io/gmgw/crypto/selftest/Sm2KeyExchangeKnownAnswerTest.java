package io.gmgw.crypto.selftest;

import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2Domain;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2PrivateKey;

/**
 * SM2 key exchange known-answer test: both parties of GB/T 32918.3-2016 Appendix A.2 with the printed static and
 * ephemeral keys; checks Z_A, Z_B, the shared key and both confirmation hashes.
 */
final class Sm2KeyExchangeKnownAnswerTest implements SelfTest {
    private final KnownAnswers v = KnownAnswers.load("sm2");

    @Override
    public String name() {
        return "sm2-key-exchange-kat";
    }

    @Override
    public String description() {
        return "SM2 key exchange with confirmation against GB/T 32918.3-2016 Appendix A.2";
    }

    @Override
    public void run(ModuleUnderTest module) throws SelfTestFailure {
        Sm2 sm2 = module.sm2();
        Sm2Domain domain = Sm2Domain.GMT0003_TEST_CURVE;
        Sm2PrivateKey dA = Sm2PrivateKey.fromScalar(domain, v.bytes("kx.dA"));
        Sm2PrivateKey dB = Sm2PrivateKey.fromScalar(domain, v.bytes("kx.dB"));
        try {
            byte[] idA = v.bytes("kx.idA");
            byte[] idB = v.bytes("kx.idB");
            v.expect("kx.zA", sm2.z(dA.publicKey(), idA));
            v.expect("kx.zB", sm2.z(dB.publicKey(), idB));
            Sm2KeyExchange a = sm2.keyExchange(Sm2KeyExchange.Role.INITIATOR, dA, idA,
                    Sm2PrivateKey.fromScalar(domain, v.bytes("kx.rA")));
            Sm2KeyExchange b = sm2.keyExchange(Sm2KeyExchange.Role.RESPONDER, dB, idB,
                    Sm2PrivateKey.fromScalar(domain, v.bytes("kx.rB")));
            int keyLength = v.bytes("kx.key").length;
            Sm2KeyExchange.ResponderResult rb = b.respondWithConfirmation(dA.publicKey(), a.ephemeralPublicKey(), idA,
                    keyLength);
            v.expect("kx.key", rb.key());
            v.expect("kx.sB", rb.confirmation());
            Sm2KeyExchange.InitiatorResult ra = a.initiateWithConfirmation(dB.publicKey(), b.ephemeralPublicKey(), idB,
                    keyLength, rb.confirmation());
            v.expect("kx.key", ra.key());
            v.expect("kx.sA", ra.confirmation());
            rb.verifyInitiatorConfirmation(ra.confirmation());
        } catch (Sm2KeyExchange.KeyConfirmationException e) {
            throw new SelfTestFailure("SM2 key exchange: " + e.getMessage());
        } finally {
            dA.destroy();
            dB.destroy();
        }
    }
}
