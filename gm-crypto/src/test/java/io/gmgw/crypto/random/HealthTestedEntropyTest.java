package io.gmgw.crypto.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.crypto.core.CryptoModuleErrorException;
import io.gmgw.crypto.core.ModuleState;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every sample drawn passes the SP 800-90B health tests; a failing source puts the module in the error state. */
class HealthTestedEntropyTest {

    /** A source of our own making: each sample from a function of its index. */
    record ScriptedSource(double minEntropyPerSample, java.util.function.LongUnaryOperator sample, long[] index)
            implements EntropySource {
        ScriptedSource(double h, java.util.function.LongUnaryOperator sample) {
            this(h, sample, new long[1]);
        }

        @Override
        public void read(byte[] samples) {
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (byte) sample.applyAsLong(index[0]++);
            }
        }

        @Override
        public String name() {
            return "scripted";
        }
    }

    @Test
    void aStuckSourceTripsTheRepetitionCountTestAndTheModuleRefusesEverything() {
        CryptoModule module = TestModules.deterministic("stuck");
        // healthy for the start-up samples and the first seed, then stuck on 0x42
        HealthTestedEntropy entropy = new HealthTestedEntropy(module, new ScriptedSource(4,
                i -> i < 2000 ? uniform(i) : 0x42));
        entropy.draw(256);
        assertEquals(ModuleState.APPROVED, module.state());
        CryptoModuleErrorException e = assertThrows(CryptoModuleErrorException.class, () -> entropy.draw(8192));
        assertEquals(ModuleState.ERROR, e.state());
        assertEquals(ModuleState.ERROR, module.state());
        assertTrue(module.status().reason().contains("repetition count test"), module.status().reason());
        assertTrue(module.status().reason().contains("11 times"), module.status().reason());
        assertTrue(e.getMessage().contains("(" + module.status().reason() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("no random numbers until gmgw is restarted"), e.getMessage());
        assertThrows(CryptoModuleErrorException.class, () -> module.random().nextInt());
        assertThrows(CryptoModuleErrorException.class, () -> module.sm3().hash(new byte[1]));
        assertThrows(CryptoModuleErrorException.class, () -> entropy.draw(8));
    }

    @Test
    void aBiasedSourceTripsTheAdaptiveProportionTest() {
        CryptoModule module = TestModules.deterministic("biased");
        // every other sample is 0x00: no long runs, but about 256 zeros per 512-sample window (cutoff 78)
        HealthTestedEntropy entropy = new HealthTestedEntropy(module, new ScriptedSource(4,
                i -> i % 2 == 0 ? 0 : 1 + uniform(i) % 255));
        assertThrows(CryptoModuleErrorException.class, () -> entropy.draw(256));
        assertEquals(ModuleState.ERROR, module.state());
        assertTrue(module.status().reason().contains("adaptive proportion test"), module.status().reason());
        assertTrue(module.status().reason().contains("start-up"), module.status().reason());
        assertThrows(CryptoModuleErrorException.class, () -> module.random().nextBytes(new byte[16]));
    }

    @Test
    void anUnreadableSourceIsAModuleErrorToo() {
        CryptoModule module = TestModules.deterministic("unreadable");
        HealthTestedEntropy entropy = new HealthTestedEntropy(module, new ScriptedSource(4, i -> {
            throw new IllegalStateException("device gone");
        }));
        assertThrows(CryptoModuleErrorException.class, () -> entropy.draw(256));
        assertTrue(module.status().reason().contains("device gone"), module.status().reason());
    }

    @Test
    void aHealthySourceAtExactlyTheClaimedEntropyDoesNotTripOverManySamples() {
        CryptoModule module = TestModules.deterministic("healthy");
        // uniform over 16 values: min-entropy exactly 4 bits, the credit the tests are tuned for
        SplittableRandom random = new SplittableRandom(90);
        HealthTestedEntropy entropy = new HealthTestedEntropy(module, new ScriptedSource(4, i -> random.nextInt(16)));
        long samples = 0;
        while (samples < 4_000_000) {
            samples += entropy.draw(256 * 1024).length;
        }
        assertEquals(ModuleState.APPROVED, module.state());
    }

    @Test
    void drawsCeilingOfBitsOverHSamples() {
        CryptoModule module = TestModules.deterministic("lengths");
        HealthTestedEntropy entropy = new HealthTestedEntropy(module, new SeedDerivedEntropySource(new byte[] {1}));
        assertEquals(64, entropy.draw(256).length);
        assertEquals(32, entropy.draw(128).length);
        assertEquals(1, entropy.draw(3).length);
        HealthTestedEntropy fractional = new HealthTestedEntropy(module, new ScriptedSource(3, HealthTestedEntropyTest::uniform));
        assertEquals(86, fractional.draw(256).length);
    }

    private static int uniform(long i) {
        long z = (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) ((z ^ (z >>> 31)) & 0xff);
    }
}
