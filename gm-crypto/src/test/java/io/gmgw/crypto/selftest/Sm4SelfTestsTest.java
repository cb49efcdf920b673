package io.gmgw.crypto.selftest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.ModuleState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Sm4SelfTestsTest {
    private final CryptoModule module = TestModules.deterministic("sm4-selftests");

    @Test
    void theSm4TestsRunAtPowerOnAfterSm3AndBeforeTheRandomBitGenerator() {
        List<String> names = PowerOnSelfTests.all().stream().map(SelfTest::name).toList();
        int sm4 = names.indexOf("sm4-ecb-kat");
        assertEquals(List.of("sm4-ecb-kat", "sm4-cbc-kat", "sm4-ctr-kat", "sm4-gcm-kat"), names.subList(sm4, sm4 + 4));
        assertTrue(names.indexOf("sm3-kat") < sm4, names.toString());
        assertTrue(sm4 < names.indexOf("drbg-kat"), names.toString());
        assertTrue(module.lastSelfTestReport().passed());
    }

    /** Each SM4 self-test, the vector whose value is corrupted, and the vector its failure must name. */
    static Stream<Arguments> corruptions() {
        return Stream.of(
                corruption(Sm4EcbKnownAnswerTest::new, "ecb.ciphertext", "ecb.ciphertext"),
                corruption(Sm4EcbKnownAnswerTest::new, "ecb.plaintext", "ecb.ciphertext"),
                corruption(Sm4CbcKnownAnswerTest::new, "cbc.ciphertext", "cbc.ciphertext"),
                corruption(Sm4CbcKnownAnswerTest::new, "cbc.iv", "cbc.ciphertext"),
                corruption(Sm4CtrKnownAnswerTest::new, "ctr.ciphertext", "ctr.ciphertext"),
                corruption(Sm4GcmKnownAnswerTest::new, "gcm.ciphertext", "gcm.ciphertext"),
                corruption(Sm4GcmKnownAnswerTest::new, "gcm.tag", "gcm.tag"),
                corruption(Sm4GcmKnownAnswerTest::new, "gcm.aad", "gcm.tag"));
    }

    private static Arguments corruption(Function<KnownAnswers, SelfTest> test, String corrupted, String named) {
        return Arguments.of(test, corrupted, named);
    }

    @ParameterizedTest(name = "{1} corrupted")
    @MethodSource("corruptions")
    void aWrongAnswerFailsAndNamesTheVector(Function<KnownAnswers, SelfTest> test, String corrupted, String named) {
        SelfTest good = test.apply(KnownAnswers.of("sm4.properties", shipped()));
        assertDoesNotThrow(() -> good.run(module));

        SelfTest bad = test.apply(KnownAnswers.of("sm4-corrupted.properties", withFlippedBit(shipped(), corrupted)));
        SelfTestFailure failure = assertThrows(SelfTestFailure.class, () -> bad.run(module));
        assertTrue(failure.getMessage().startsWith("sm4-corrupted.properties " + named + ":"), failure.getMessage());
    }

    @Test
    void aFailingSm4SelfTestLeavesTheModuleInErrorNamingTestAndVector() {
        List<SelfTest> tests = new ArrayList<>(PowerOnSelfTests.all());
        tests.add(new Sm4GcmKnownAnswerTest(
                KnownAnswers.of("sm4-corrupted.properties", withFlippedBit(shipped(), "gcm.tag"))));
        CryptoModule failed = CryptoModule.start(CryptoModule.Options.deterministic(new byte[] {4}).selfTests(tests));
        assertEquals(ModuleState.ERROR, failed.state());
        String reason = failed.status().reason();
        assertTrue(reason.contains("sm4-gcm-kat") && reason.contains("gcm.tag"), reason);
    }

    private static Properties shipped() {
        try (InputStream in = KnownAnswers.class.getResourceAsStream("sm4.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties withFlippedBit(Properties values, String key) {
        char[] hex = values.getProperty(key).toCharArray();
        hex[hex.length - 1] = Character.forDigit(Character.digit(hex[hex.length - 1], 16) ^ 1, 16);
        values.setProperty(key, new String(hex));
        return values;
    }
}
