package io.gmgw.sslvpn.tlcp.engine;

import java.util.Arrays;

/**
 * Bytes received while the handshake waits for a key operation, kept in arrival order to be read after it. Bounded:
 * what an honest peer sends before it hears from us fits easily; more is refused.
 */
final class HeldInput {
    private final int max;
    private byte[] bytes;
    private int length;

    HeldInput(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    /** Keeps a copy of the bytes; false, keeping nothing, when they would pass the bound. */
    boolean hold(byte[] data, int off, int len) {
        if (len > max - length) {
            return false;
        }
        if (bytes == null) {
            bytes = new byte[Math.max(len, 1024)];
        } else if (bytes.length - length < len) {
            bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(length + len, 2 * bytes.length)));
        }
        System.arraycopy(data, off, bytes, length, len);
        length += len;
        return true;
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** Everything held, in order; this is empty afterwards. */
    byte[] take() {
        byte[] out = Arrays.copyOf(bytes, length);
        clear();
        return out;
    }

    void clear() {
        bytes = null;
        length = 0;
    }
}
