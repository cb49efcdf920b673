package io.gmgw.crypto.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;

/** The digest-parametrised Hash_DRBG run with SHA-256 against NIST's CAVP DRBGVS vectors. */
class HashDrbgCavpTest {
    private static final List<CavpVectors.Case> CASES = CavpVectors.load("/vectors/drbg/Hash_DRBG_SHA-256.rsp");

    private static HashDrbg sha256() {
        // SP 800-90A Table 2: SHA-256 has seedlen 440 and security strength up to 256
        return new HashDrbg(SHA256Digest::new, 440, 256, HashDrbg.MAX_RESEED_INTERVAL);
    }

    @Test
    void everyCaseOfEveryModeMatches() {
        Map<String, Integer> perMode = new TreeMap<>();
        for (CavpVectors.Case c : CASES) {
            byte[] expected = c.one("ReturnedBits");
            assertEquals(128, expected.length);
            byte[] actual = run(c);
            assertArrayEquals(expected, actual, () -> c.mode() + " case at line " + c.line() + ": got "
                    + HexFormat.of().formatHex(actual));
            perMode.merge(c.mode(), 1, Integer::sum);
        }
        // at least one case without reseed, with reseed, and with prediction resistance
        assertEquals(Map.of("no_reseed", 4, "pr_false", 4, "pr_true", 4), perMode);
    }

    @Test
    void aFlippedInputBitChangesTheOutput() {
        CavpVectors.Case c = CASES.getFirst();
        HashDrbg drbg = sha256();
        byte[] entropy = c.one("EntropyInput").clone();
        entropy[0] ^= 1;
        drbg.instantiate(entropy, c.one("Nonce"), c.one("PersonalizationString"));
        byte[] out = new byte[128];
        assertTrue(drbg.generate(out, 0, out.length, null));
        assertTrue(drbg.generate(out, 0, out.length, null));
        assertTrue(!java.util.Arrays.equals(c.one("ReturnedBits"), out));
    }

    private static byte[] run(CavpVectors.Case c) {
        HashDrbg drbg = sha256();
        drbg.instantiate(c.one("EntropyInput"), c.one("Nonce"), c.one("PersonalizationString"));
        byte[] out = new byte[128];
        List<byte[]> additional = c.all("AdditionalInput");
        switch (c.mode()) {
            case "no_reseed" -> {
                assertTrue(drbg.generate(out, 0, out.length, additional.get(0)));
                assertTrue(drbg.generate(out, 0, out.length, additional.get(1)));
            }
            case "pr_false" -> {
                drbg.reseed(c.one("EntropyInputReseed"), c.one("AdditionalInputReseed"));
                assertTrue(drbg.generate(out, 0, out.length, additional.get(0)));
                assertTrue(drbg.generate(out, 0, out.length, additional.get(1)));
            }
            case "pr_true" -> {
                List<byte[]> pr = c.all("EntropyInputPR");
                for (int i = 0; i < 2; i++) {
                    // SP 800-90A §9.3.1 step 7: reseed with the additional input, then generate without it
                    drbg.reseed(pr.get(i), additional.get(i));
                    assertTrue(drbg.generate(out, 0, out.length, null));
                }
            }
            default -> throw new IllegalStateException("unknown mode " + c.mode());
        }
        return out;
    }
}
