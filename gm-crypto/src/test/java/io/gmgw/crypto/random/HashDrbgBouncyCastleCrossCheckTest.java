package io.gmgw.crypto.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.prng.EntropySource;
import org.bouncycastle.crypto.prng.drbg.HashSP800DRBG;
import org.junit.jupiter.api.Test;

/**
 * Independent check of the SM3 instance: Bouncy Castle's {@link HashSP800DRBG} looks seedlen up by the digest's
 * name and knows only SHA digests, so it is handed SM3 under the name "SHA-256" (whose seedlen, 440, is SM3's). The
 * two implementations must then agree on every output, through additional inputs, personalization, reseeds and
 * prediction-resistant requests.
 */
class HashDrbgBouncyCastleCrossCheckTest {

    /** SM3 wearing SHA-256's name so that BC picks seedlen 440 and allows strength 256. */
    static final class Sm3NamedSha256 extends SM3Digest {
        @Override
        public String getAlgorithmName() {
            return "SHA-256";
        }
    }

    /** Hands BC the entropy inputs our side uses, in the same order. */
    static final class QueuedEntropy implements EntropySource {
        final Deque<byte[]> queue = new ArrayDeque<>();

        @Override
        public boolean isPredictionResistant() {
            return false;
        }

        @Override
        public byte[] getEntropy() {
            return queue.removeFirst();
        }

        @Override
        public int entropySize() {
            return 256;
        }
    }

    @Test
    void sm3HashDrbgAgreesWithBouncyCastleOverManyRandomScripts() {
        SplittableRandom script = new SplittableRandom(20260521);
        for (int trial = 0; trial < 50; trial++) {
            byte[] entropy = bytes(script, 32 + script.nextInt(33));
            byte[] nonce = bytes(script, 16 + script.nextInt(17));
            byte[] personalization = script.nextBoolean() ? null : bytes(script, script.nextInt(64));

            QueuedEntropy source = new QueuedEntropy();
            source.queue.add(entropy.clone());
            HashSP800DRBG bc = new HashSP800DRBG(new Sm3NamedSha256(), 256, source, personalization, nonce);
            HashDrbg ours = HashDrbg.sm3(HashDrbg.MAX_RESEED_INTERVAL);
            ours.instantiate(entropy, nonce, personalization);

            for (int step = 0; step < 12; step++) {
                int action = script.nextInt(4);
                byte[] additional = script.nextBoolean() ? null : bytes(script, 1 + script.nextInt(64));
                if (action == 0) {
                    byte[] reseedEntropy = bytes(script, 32 + script.nextInt(33));
                    source.queue.add(reseedEntropy.clone());
                    bc.reseed(additional);
                    ours.reseed(reseedEntropy, additional);
                    continue;
                }
                boolean predictionResistant = action == 1;
                byte[] expected = new byte[1 + script.nextInt(200)];
                byte[] actual = new byte[expected.length];
                if (predictionResistant) {
                    byte[] prEntropy = bytes(script, 32);
                    source.queue.add(prEntropy.clone());
                    // SP 800-90A §9.3.1 step 7: reseed with the additional input, then generate without it
                    ours.reseed(prEntropy, additional);
                    assertTrue(ours.generate(actual, 0, actual.length, null));
                } else {
                    assertTrue(ours.generate(actual, 0, actual.length, additional));
                }
                assertEquals(expected.length * 8, bc.generate(expected, additional, predictionResistant));
                int t = trial;
                int s = step;
                assertArrayEquals(expected, actual, () -> "trial " + t + " step " + s);
            }
            assertTrue(source.queue.isEmpty());
        }
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}
