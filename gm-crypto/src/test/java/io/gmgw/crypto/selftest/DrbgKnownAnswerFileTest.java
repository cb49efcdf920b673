package io.gmgw.crypto.selftest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.prng.EntropySource;
import org.bouncycastle.crypto.prng.drbg.HashSP800DRBG;
import org.junit.jupiter.api.Test;

/** The expected values in drbg.properties, recomputed with Bouncy Castle's independent Hash_DRBG over SM3. */
class DrbgKnownAnswerFileTest {
    private final KnownAnswers vectors = KnownAnswers.load("drbg");

    @Test
    void bouncyCastleComputesTheSameKnownAnswers() {
        Deque<byte[]> entropy = new ArrayDeque<>(List.of(vectors.bytes("entropy"), vectors.bytes("reseed.entropy")));
        EntropySource source = new EntropySource() {
            @Override
            public boolean isPredictionResistant() {
                return false;
            }

            @Override
            public byte[] getEntropy() {
                return entropy.removeFirst();
            }

            @Override
            public int entropySize() {
                return 256;
            }
        };
        SM3Digest sm3NamedSha256 = new SM3Digest() {
            @Override
            public String getAlgorithmName() {
                return "SHA-256"; // BC looks seedlen up by name; SHA-256's (440) is SM3's
            }
        };
        HashSP800DRBG bc = new HashSP800DRBG(sm3NamedSha256, 256, source, vectors.bytes("personalization"),
                vectors.bytes("nonce"));
        byte[] out = new byte[64];
        assertEquals(512, bc.generate(out, vectors.bytes("additional1"), false));
        assertArrayEquals(vectors.bytes("generated1"), out);
        bc.reseed(vectors.bytes("reseed.additional"));
        assertEquals(512, bc.generate(out, vectors.bytes("additional2"), false));
        assertArrayEquals(vectors.bytes("generated2"), out);
        assertTrue(entropy.isEmpty());
    }

    @Test
    void theSelfTestPassesOnAGoodModuleAndRunsAfterTheSm3Test() throws SelfTestFailure {
        CryptoModule module = TestModules.deterministic("drbg-kat");
        new DrbgKnownAnswerTest().run(module);
        List<String> names = PowerOnSelfTests.all().stream().map(SelfTest::name).toList();
        assertTrue(names.indexOf("drbg-kat") > names.indexOf("sm3-kat"), names.toString());
    }

    @Test
    void aWrongExpectedValueFailsTheSelfTest() {
        CryptoModule module = TestModules.deterministic("drbg-kat-wrong");
        for (String key : List.of("generated1", "generated2")) {
            java.util.Properties wrong = vectors.values();
            char[] hex = wrong.getProperty(key).toCharArray();
            hex[hex.length - 1] = hex[hex.length - 1] == '0' ? '1' : '0';
            wrong.setProperty(key, new String(hex));
            SelfTestFailure failure = assertThrows(SelfTestFailure.class,
                    () -> new DrbgKnownAnswerTest(KnownAnswers.of("drbg.properties", wrong)).run(module));
            assertTrue(failure.getMessage().contains(key), failure.getMessage());
        }
    }
}
