package io.gmgw.crypto.sm3;

import io.gmgw.crypto.CryptoModule;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * Counts calls of the SM3 compression function made by the HMAC-SM3 objects it creates: the cost model of a
 * constant-time MAC check, which tests of the record layers (TLCP's CBC records) assert without timing anything.
 * Not thread-safe; one counter per test.
 */
public final class Sm3CompressionCounter {
    private long compressions;

    /** An HMAC-SM3 under {@code key} whose digests report to this counter (its key set-up is not counted). */
    public HmacSm3 hmac(CryptoModule module, byte[] key) {
        HmacSm3 mac = new HmacSm3(module, key, () -> new CountingDigest(this));
        compressions = 0;
        return mac;
    }

    /** Compressions since the HMAC was made or since the last {@link #reset()}. */
    public long compressions() {
        return compressions;
    }

    public void reset() {
        compressions = 0;
    }

    private static final class CountingDigest extends SM3Digest {
        private final Sm3CompressionCounter counter;

        CountingDigest(Sm3CompressionCounter counter) {
            this.counter = counter;
        }

        @Override
        protected void processBlock() {
            counter.compressions++;
            super.processBlock();
        }
    }
}
