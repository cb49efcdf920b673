package io.gmgw.gateway.otp.enrol;

import io.gmgw.crypto.otp.OtpProfile;
import java.util.Arrays;

/**
 * One token of a seed file, its seed decrypted: to be sealed under the store's key at once, then {@link #close()}d,
 * which wipes the seed.
 *
 * @param line the record's line in the file
 * @param serial the token's serial number
 * @param profile how it computes its passwords
 * @param firstCounter the event counter the token starts at (0 for time tokens)
 */
public record ImportedSeed(int line, String serial, OtpProfile profile, long firstCounter, byte[] seed)
        implements AutoCloseable {
    @Override
    public byte[] seed() {
        return seed; // not a copy: the one copy, wiped by close()
    }

    @Override
    public void close() {
        Arrays.fill(seed, (byte) 0);
    }

    @Override
    public boolean equals(Object o) {
        return o == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "ImportedSeed[" + serial + ", line " + line + ", " + profile + "]";
    }
}
