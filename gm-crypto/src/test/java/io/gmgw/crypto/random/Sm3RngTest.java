package io.gmgw.crypto.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.CryptoModuleErrorException;
import io.gmgw.crypto.core.ModuleState;
import io.gmgw.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Reseeding on the counter and on the module's clock, prediction resistance, and the continuous output test. */
class Sm3RngTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-21T08:00:00Z"));
    private final CryptoModule module = CryptoModule.start(CryptoModule.Options
            .deterministic("sm3-rng".getBytes(StandardCharsets.US_ASCII)).clock(clock));

    private Sm3Rng rng(Sm3RngParameters parameters, String seed) {
        HealthTestedEntropy entropy = new HealthTestedEntropy(module,
                new SeedDerivedEntropySource(seed.getBytes(StandardCharsets.US_ASCII)));
        return new Sm3Rng(module, entropy, parameters, null);
    }

    @Test
    void reseedsAfter1024GenerateCalls() {
        Sm3Rng rng = rng(Sm3RngParameters.GMT_0105, "counter");
        byte[] block = new byte[32];
        // instantiation used one generate call to prime the continuous test: 1023 more fit in the interval
        for (int i = 0; i < 1023; i++) {
            rng.nextBytes(block, null, false);
        }
        assertEquals(0, rng.reseedCount());
        rng.nextBytes(block, null, false);
        assertEquals(1, rng.reseedCount());
        // a long request is served 32 bytes per generate call: 65536 bytes are 2048 calls, two more reseeds
        rng.nextBytes(new byte[65536], null, false);
        assertEquals(3, rng.reseedCount());
    }

    @Test
    void reseedsWhenSixtySecondsHavePassedOnTheModuleClock() {
        Sm3Rng rng = rng(Sm3RngParameters.GMT_0105, "time");
        byte[] out = new byte[16];
        rng.nextBytes(out, null, false);
        clock.advance(Duration.ofSeconds(59));
        rng.nextBytes(out, null, false);
        assertEquals(0, rng.reseedCount());
        clock.advance(Duration.ofSeconds(1));
        rng.nextBytes(out, null, false);
        assertEquals(1, rng.reseedCount());
        rng.nextBytes(out, null, false);
        assertEquals(1, rng.reseedCount(), "the reseed restarted the 60 s");
        clock.advance(Duration.ofSeconds(-1));
        rng.nextBytes(out, null, false);
        assertEquals(2, rng.reseedCount(), "a clock that went backwards also forces a reseed");
    }

    @Test
    void theDeterministicParametersIgnoreTheClock() {
        Sm3Rng rng = rng(Sm3RngParameters.DETERMINISTIC, "no-time");
        rng.nextBytes(new byte[32], null, false);
        clock.advance(Duration.ofDays(400));
        rng.nextBytes(new byte[32], null, false);
        assertEquals(0, rng.reseedCount());
    }

    @Test
    void predictionResistanceAndExplicitReseedsDrawFreshEntropy() {
        Sm3Rng rng = rng(Sm3RngParameters.GMT_0105, "pr");
        rng.nextBytes(new byte[8], null, true);
        rng.nextBytes(new byte[8], null, true);
        assertEquals(2, rng.reseedCount());
        rng.reseed("operator input".getBytes(StandardCharsets.US_ASCII));
        assertEquals(3, rng.reseedCount());
        rng.nextBytes(new byte[8], null, false);
        assertEquals(3, rng.reseedCount());
    }

    @Test
    void additionalInputAndPredictionResistanceChangeTheOutput() {
        byte[] plain = new byte[100];
        byte[] withInput = new byte[100];
        byte[] withPr = new byte[100];
        rng(Sm3RngParameters.GMT_0105, "same").nextBytes(plain, null, false);
        rng(Sm3RngParameters.GMT_0105, "same").nextBytes(withInput, new byte[] {1}, false);
        rng(Sm3RngParameters.GMT_0105, "same").nextBytes(withPr, null, true);
        byte[] again = new byte[100];
        rng(Sm3RngParameters.GMT_0105, "same").nextBytes(again, null, false);
        assertArrayEquals(plain, again);
        assertFalse(Arrays.equals(plain, withInput));
        assertFalse(Arrays.equals(plain, withPr));
        // additional input only touches the first generate call: blocks after it still differ (V moved on)
        assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 32, 64), Arrays.copyOfRange(withInput, 32, 64)));
    }

    @Test
    void aRepeatedOutputBlockFailsTheContinuousTestAndTheModule() {
        // a broken mechanism that returns the same block every time
        DrbgMechanism stuck = new DrbgMechanism() {
            private boolean instantiated;

            @Override
            public void instantiate(byte[] entropyInput, byte[] nonce, byte[] personalization) {
                instantiated = true;
            }

            @Override
            public void reseed(byte[] entropyInput, byte[] additionalInput) {
            }

            @Override
            public boolean generate(byte[] out, int offset, int length, byte[] additionalInput) {
                Arrays.fill(out, offset, offset + length, (byte) 0x5a);
                return true;
            }

            @Override
            public long reseedCounter() {
                return 1;
            }

            @Override
            public boolean isInstantiated() {
                return instantiated;
            }

            @Override
            public void uninstantiate() {
                instantiated = false;
            }
        };
        HealthTestedEntropy entropy = new HealthTestedEntropy(module, new SeedDerivedEntropySource(new byte[] {3}));
        Sm3Rng rng = new Sm3Rng(module, entropy, Sm3RngParameters.GMT_0105, null, stuck);
        byte[] out = new byte[32];
        CryptoModuleErrorException e = assertThrows(CryptoModuleErrorException.class,
                () -> rng.nextBytes(out, null, false));
        assertArrayEquals(new byte[32], out, "the repeated block is not handed out");
        assertEquals(ModuleState.ERROR, module.state());
        assertTrue(module.status().reason().contains("continuous RNG test"), module.status().reason());
        assertTrue(e.getMessage().contains("(" + module.status().reason() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("no random numbers until gmgw is restarted"), e.getMessage());
        assertFalse(stuck.isInstantiated(), "the failed generator is uninstantiated");
        assertThrows(CryptoModuleErrorException.class, () -> module.random().nextLong());
    }

    @Test
    void theContinuousTestComparesEachBlockWithThePreviousOne() {
        ContinuousRngTest test = new ContinuousRngTest();
        assertFalse(test.primed());
        assertTrue(test.accept(new byte[] {1, 2}));
        assertTrue(test.primed());
        assertTrue(test.accept(new byte[] {1, 3}));
        assertFalse(test.accept(new byte[] {1, 3}));
        test.reset();
        assertTrue(test.accept(new byte[] {1, 3}));
    }
}
