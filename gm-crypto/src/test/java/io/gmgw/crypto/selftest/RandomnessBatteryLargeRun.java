package io.gmgw.crypto.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.core.ModuleState;
import io.gmgw.crypto.selftest.randomness.Bits;
import io.gmgw.crypto.selftest.randomness.Distributions;
import io.gmgw.crypto.selftest.randomness.Gmt0005Battery;
import io.gmgw.crypto.selftest.randomness.RandomnessTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The power-on randomness test's false-failure rate, measured: many simulated module starts on the production DRBG
 * (a good generator), each drawing 20 samples of 20,000 bits as {@link RandomnessSelfTest} does and judging them by
 * its rule. Prints, per P-value, how often a sample failed it against the designed α = 0.01, and per start how many
 * samples failed the worst test, against the binomial law; docs/self-tests.md has a run's figures.
 *
 * <p>Not part of {@code verify}: Surefire's patterns do not match the class name. Run it with
 * <pre>
 * ./mvnw -o -pl gm-crypto test -Dtest=RandomnessBatteryLargeRun -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dgmgw.randomness.starts=5000
 * </pre>
 * (5,000 starts, 100,000 samples: about two minutes of one core). It fails when a P-value throws, when a test's
 * failure count is more than 6 standard deviations from n·α, or when a start fails the module, which the design puts
 * at 7·10⁻⁷ per start.
 */
class RandomnessBatteryLargeRun {
    private static final double ALPHA = Gmt0005Battery.ALPHA;
    private static final int SAMPLES = RandomnessSelfTest.SAMPLES;
    private static final int CUTOFF = RandomnessSelfTest.FAILING_SAMPLES_CUTOFF;

    @Test
    void aGoodGeneratorFailsAsOftenAsDesigned() {
        int starts = Integer.getInteger("gmgw.randomness.starts", 5000);
        List<RandomnessTest> battery = Gmt0005Battery.forSamplesOf20000Bits();
        CryptoModule module = CryptoModule.start();
        assertEquals(ModuleState.APPROVED, module.state(), String.valueOf(module.status()));

        long[] failingSamples = new long[battery.size()];
        long[] pIsOne = new long[battery.size()];
        // worstInStart[c]: starts whose worst test had c failing samples
        long[] worstInStart = new long[SAMPLES + 1];
        List<String> exceptions = new ArrayList<>();
        int sampleBytes = Gmt0005Battery.SAMPLE_BITS / 8;
        byte[] output = new byte[SAMPLES * sampleBytes];
        long t0 = System.nanoTime();
        for (int start = 0; start < starts; start++) {
            module.random().nextBytes(output);
            int worst = 0;
            Bits[] samples = new Bits[SAMPLES];
            for (int s = 0; s < SAMPLES; s++) {
                samples[s] = Bits.fromBytes(output, s * sampleBytes, sampleBytes);
            }
            for (int t = 0; t < battery.size(); t++) {
                int failing = 0;
                for (Bits sample : samples) {
                    double p;
                    try {
                        p = battery.get(t).pValue(sample);
                    } catch (RuntimeException e) {
                        exceptions.add(battery.get(t).name() + ": " + e);
                        continue;
                    }
                    if (p < ALPHA) {
                        failing++;
                    }
                    if (p == 1.0) {
                        pIsOne[t]++;
                    }
                }
                failingSamples[t] += failing;
                worst = Math.max(worst, failing);
            }
            worstInStart[worst]++;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        long n = (long) starts * SAMPLES;
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%d starts, %d samples of %d bits, %.0f s%n%n", starts, n,
                Gmt0005Battery.SAMPLE_BITS, seconds));
        report.append("| P-value | failing samples | rate | expected (n alpha) | z | P = 1 exactly |\n");
        report.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        double sigma = Math.sqrt(n * ALPHA * (1 - ALPHA));
        double impliedModuleRate = 0;
        Map<String, Double> z = new LinkedHashMap<>();
        long totalFailing = 0;
        for (int t = 0; t < battery.size(); t++) {
            double zt = (failingSamples[t] - n * ALPHA) / sigma;
            z.put(battery.get(t).name(), zt);
            totalFailing += failingSamples[t];
            double rate = (double) failingSamples[t] / n;
            impliedModuleRate += Distributions.binomialUpperTail(SAMPLES, rate, CUTOFF);
            report.append(String.format(Locale.ROOT, "| %s | %d | %.5f | %.0f | %+.2f | %d |%n",
                    battery.get(t).name(), failingSamples[t], rate, n * ALPHA, zt, pIsOne[t]));
        }
        report.append(String.format(Locale.ROOT, "| all 21 | %d | %.5f | %.0f | | |%n%n", totalFailing,
                (double) totalFailing / n / battery.size(), n * ALPHA * battery.size()));
        report.append("| failing samples of the worst test in a start | starts | expected if the 21 were independent |\n");
        report.append("| ---: | ---: | ---: |\n");
        for (int c = 0; c <= SAMPLES; c++) {
            double atMost = Math.pow(1 - Distributions.binomialUpperTail(SAMPLES, ALPHA, c + 1), battery.size());
            double below = c == 0 ? 0 : Math.pow(1 - Distributions.binomialUpperTail(SAMPLES, ALPHA, c), battery.size());
            if (worstInStart[c] > 0 || c <= CUTOFF) {
                report.append(String.format(Locale.ROOT, "| %d%s | %d | %.1f |%n", c,
                        c == CUTOFF ? " (module fails)" : "", worstInStart[c], starts * (atMost - below)));
            }
        }
        long moduleFailures = 0;
        for (int c = CUTOFF; c <= SAMPLES; c++) {
            moduleFailures += worstInStart[c];
        }
        double designed = battery.size() * Distributions.binomialUpperTail(SAMPLES, ALPHA, CUTOFF);
        report.append(String.format(Locale.ROOT, "%nmodule false failures: %d in %d starts; designed rate %.2e per "
                + "start (expected %.4f here); rate implied by the observed per-test rates %.2e%n", moduleFailures,
                starts, designed, designed * starts, impliedModuleRate));
        System.out.println(report);

        assertEquals(List.of(), exceptions.stream().limit(10).toList(), "P-values that threw");
        z.forEach((name, zt) -> assertTrue(Math.abs(zt) < 6, name + " fails " + zt + " sigma away from alpha:\n"
                + report));
        assertEquals(0, moduleFailures, () -> "a good generator failed the module:\n" + report);
    }
}
