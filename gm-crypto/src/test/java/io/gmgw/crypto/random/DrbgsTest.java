package io.gmgw.crypto.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.ModuleState;
import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The module's SecureRandom as the rest of gmgw sees it. */
class DrbgsTest {

    @Test
    void theSameSeedGivesTheSameSequenceAndAnotherSeedAnotherOne() {
        byte[] a = draw(TestModules.deterministic("seed A").random());
        byte[] a2 = draw(TestModules.deterministic("seed A").random());
        byte[] b = draw(TestModules.deterministic("seed B").random());
        assertArrayEquals(a, a2);
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void theModuleRandomIsTheSm3HashDrbg() {
        SecureRandom random = TestModules.deterministic("type").random();
        assertInstanceOf(ModuleSecureRandom.class, random);
        assertEquals("SM3-Hash_DRBG", random.getAlgorithm());
    }

    @Test
    void productionDrawsFromTheOperatingSystemAndNeverRepeats() {
        CryptoModule module = TestModules.production();
        SecureRandom random = module.random();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            byte[] b = new byte[16];
            random.nextBytes(b);
            assertTrue(seen.add(Arrays.toString(b)));
        }
        assertEquals(24, random.generateSeed(24).length);
        assertEquals(ModuleState.APPROVED, module.state());
        // two production modules are seeded independently
        assertFalse(Arrays.equals(draw(module.random()), draw(TestModules.production().random())));
    }

    @Test
    void drbgParametersReachTheGenerator() {
        SecureRandom plain = TestModules.deterministic("params").random();
        SecureRandom withInput = TestModules.deterministic("params").random();
        byte[] p = new byte[48];
        byte[] q = new byte[48];
        plain.nextBytes(p);
        withInput.nextBytes(q, DrbgParameters.nextBytes(256, false, new byte[] {9}));
        assertFalse(Arrays.equals(p, q));
        assertThrows(IllegalArgumentException.class,
                () -> withInput.nextBytes(q, DrbgParameters.nextBytes(384, false, null)));
        withInput.reseed(DrbgParameters.reseed(true, new byte[] {1}));
        withInput.setSeed(new byte[] {2});
        withInput.nextBytes(new byte[0]);
    }

    @Test
    void generateSeedIsServedWithFreshEntropy() {
        // a seed depends on the generator's seed material, and two draws differ
        SecureRandom random = TestModules.deterministic("generate-seed").random();
        byte[] s1 = random.generateSeed(32);
        byte[] s2 = random.generateSeed(32);
        assertFalse(Arrays.equals(s1, s2));
        assertArrayEquals(s1, TestModules.deterministic("generate-seed").random().generateSeed(32));
    }

    @Test
    void theDeterministicSequenceDoesNotDependOnTheSeedArrayAfterwards() {
        byte[] seed = "mutable".getBytes(StandardCharsets.US_ASCII);
        CryptoModule module = CryptoModule.start(CryptoModule.Options.deterministic(seed));
        Arrays.fill(seed, (byte) 0);
        assertArrayEquals(draw(TestModules.deterministic("mutable").random()), draw(module.random()));
    }

    @Test
    void concurrentCallersNeverGetTheSameBlock() throws Exception {
        SecureRandom random = TestModules.deterministic("threads").random();
        int threads = 8;
        int draws = 500;
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < draws; i++) {
                        byte[] b = new byte[32];
                        random.nextBytes(b);
                        assertTrue(seen.add(java.util.HexFormat.of().formatHex(b)));
                    }
                }));
            }
            for (var f : done) {
                f.get();
            }
        }
        assertEquals(threads * draws, seen.size());
    }

    private static byte[] draw(SecureRandom random) {
        byte[] out = new byte[1000];
        random.nextBytes(out);
        return out;
    }
}
