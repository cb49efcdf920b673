package io.gmgw.crypto.selftest;

import io.gmgw.crypto.CryptoModule;
import java.nio.charset.StandardCharsets;

/** SM3 known-answer test with the two examples of GB/T 32905-2016 Appendix A ("abc" and "abcd" × 16). */
final class Sm3KnownAnswerTest implements SelfTest {
    @Override
    public String name() {
        return "sm3-kat";
    }

    @Override
    public String description() {
        return "SM3 of \"abc\" and of \"abcd\" x 16 against GB/T 32905-2016 Appendix A";
    }

    @Override
    public void run(CryptoModule module) throws SelfTestFailure {
        KnownAnswers.expect("SM3(\"abc\")", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
                module.sm3().hash("abc".getBytes(StandardCharsets.US_ASCII)));
        KnownAnswers.expect("SM3(\"abcd\" x 16)", "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
                module.sm3().hash("abcd".repeat(16).getBytes(StandardCharsets.US_ASCII)));
    }
}
