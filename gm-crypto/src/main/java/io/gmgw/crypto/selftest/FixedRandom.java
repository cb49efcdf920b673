package io.gmgw.crypto.selftest;

import java.security.SecureRandom;

/**
 * A "random" source that returns pre-set bytes, so that a known-answer test can reproduce the standard's example
 * with its printed k. Each {@code nextBytes} call takes the next value, which must have exactly the requested length.
 * Public for the SM2 unit tests, which reproduce further published examples the same way; never a source of keys or
 * nonces outside a known-answer test.
 */
public final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final byte[][] values;
    private int next;

    public FixedRandom(byte[]... values) {
        this.values = values.clone();
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        if (next >= values.length || values[next].length != bytes.length) {
            throw new IllegalStateException("known-answer random source: no " + bytes.length + "-byte value left");
        }
        System.arraycopy(values[next++], 0, bytes, 0, bytes.length);
    }
}
