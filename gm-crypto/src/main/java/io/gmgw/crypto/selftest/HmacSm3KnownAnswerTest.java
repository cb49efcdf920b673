package io.gmgw.crypto.selftest;

/** HMAC-SM3 known-answer test with the first example of GM/T 0042-2015 Appendix D.3. */
final class HmacSm3KnownAnswerTest implements SelfTest {
    private final KnownAnswers vectors = KnownAnswers.load("hmac-sm3");

    @Override
    public String name() {
        return "hmac-sm3-kat";
    }

    @Override
    public String description() {
        return "HMAC-SM3 against GM/T 0042-2015 Appendix D.3";
    }

    @Override
    public void run(ModuleUnderTest module) throws SelfTestFailure {
        vectors.expect("tag", module.sm3().hmac(vectors.bytes("key"), vectors.bytes("message")));
    }
}
