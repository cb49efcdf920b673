package io.gmgw.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SM3 and HMAC-SM3 of gm-crypto against kona-crypto (in process, so many more cases than against OpenSSL). */
class KonaSm3InteropTest {
    private static final int[] EDGE_LENGTHS = {0, 1, 3, 31, 32, 33, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129,
            191, 192, 1000, 4096, 5000};

    private static CryptoModule module;
    private static KonaPeer kona;

    @BeforeAll
    static void start() {
        module = TestModules.deterministic("interop-kona-sm3");
        kona = new KonaPeer(TestModules.deterministic("interop-kona-sm3-peer").random());
    }

    @Test
    void sm3MatchesKona() throws GeneralSecurityException {
        RandomCases cases = RandomCases.of("kona-sm3");
        for (int i = 0; i < 500; i++) {
            byte[] m = cases.bytes(i < EDGE_LENGTHS.length ? EDGE_LENGTHS[i] : cases.between(0, 5000));
            assertArrayEquals(kona.sm3(m), module.sm3().hash(m), cases.where(i, m.length + " bytes"));
        }
    }

    @Test
    void hmacSm3MatchesKona() throws GeneralSecurityException {
        // Kona's keys are SecretKeySpecs, which cannot be empty: the empty key is covered against OpenSSL.
        int[] edgeKeyLengths = {1, 16, 32, 63, 64, 65, 128, 200};
        RandomCases cases = RandomCases.of("kona-hmac-sm3");
        for (int i = 0; i < 300; i++) {
            byte[] key = cases.bytes(i < edgeKeyLengths.length ? edgeKeyLengths[i] : cases.between(1, 200));
            byte[] message = cases.bytes(i % 25 == 7 ? 0 : cases.between(1, 3000));
            assertArrayEquals(kona.hmacSm3(key, message), module.sm3().hmac(key, message),
                    cases.where(i, key.length + "-byte key, " + message.length + "-byte message"));
        }
    }
}
