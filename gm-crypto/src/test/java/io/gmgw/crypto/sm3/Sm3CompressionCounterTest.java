package io.gmgw.crypto.sm3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import org.junit.jupiter.api.Test;

/** The counter counts what SM3's padding rule predicts, and the counted HMAC computes the same tags as the real one. */
class Sm3CompressionCounterTest {
    private final CryptoModule module = TestModules.deterministic("sm3-counter");
    private final byte[] key = "a key of some length".getBytes();

    @Test
    void countsEveryCompressionOfAnHmac() {
        Sm3CompressionCounter counter = new Sm3CompressionCounter();
        HmacSm3 counted = counter.hmac(module, key);
        HmacSm3 plain = module.sm3().hmac(key);
        for (int len = 0; len < 300; len++) {
            byte[] message = new byte[len];
            counter.reset();
            counted.update(message);
            byte[] tag = counted.doFinal();
            // inner: the 64-byte key block is precomputed; len bytes + 0x80 + 8 length bytes, then the outer block
            long inner = (len + 9 + 63) / 64;
            assertEquals(inner + 1, counter.compressions(), "message of " + len + " bytes");
            assertArrayEquals(plain.update(message).doFinal(), tag);
        }
    }
}
