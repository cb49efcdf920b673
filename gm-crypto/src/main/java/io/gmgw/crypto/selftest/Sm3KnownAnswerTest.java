package io.gmgw.crypto.selftest;

/** SM3 known-answer test with the two examples of GB/T 32905-2016 Appendix A ("abc" and "abcd" × 16). */
final class Sm3KnownAnswerTest implements SelfTest {
    private final KnownAnswers vectors = KnownAnswers.load("sm3");

    @Override
    public String name() {
        return "sm3-kat";
    }

    @Override
    public String description() {
        return "SM3 of \"abc\" and of \"abcd\" x 16 against GB/T 32905-2016 Appendix A";
    }

    @Override
    public void run(ModuleUnderTest module) throws SelfTestFailure {
        vectors.expect("abc.digest", module.sm3().hash(vectors.bytes("abc.message")));
        vectors.expect("abcd16.digest", module.sm3().hash(vectors.bytes("abcd16.message")));
    }
}
