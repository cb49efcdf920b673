package io.gmgw.crypto.sm4;

import java.util.Objects;

/** Argument checks shared by the SM4 modes: buffer regions, block multiples and overlap. */
final class Regions {
    private Regions() {
    }

    /** {@code buffer[off, off + len)} exists; the message names the argument. */
    static void check(String what, byte[] buffer, int off, int len) {
        Objects.requireNonNull(buffer, what);
        try {
            Objects.checkFromIndexSize(off, len, buffer.length);
        } catch (IndexOutOfBoundsException e) {
            throw new IndexOutOfBoundsException(what + ": " + e.getMessage());
        }
    }

    /** {@code buffer[off, off + len + extra)} exists, without overflowing int when {@code len} is huge. */
    static void checkWithExtra(String what, byte[] buffer, int off, int len, int extra) {
        check(what, buffer, off, len);
        if (buffer.length - off - len < extra) {
            throw new IndexOutOfBoundsException(what + ": needs " + len + " + " + extra + " bytes from offset " + off
                    + " but the buffer has length " + buffer.length);
        }
    }

    static void checkBlockMultiple(String mode, int len) {
        if (len % Sm4.BLOCK_LENGTH != 0) {
            throw new IllegalArgumentException(mode + " input length must be a multiple of " + Sm4.BLOCK_LENGTH
                    + " bytes (no padding), got " + len);
        }
    }

    /**
     * The modes read input and write output front to back, so the output may be the input itself or start before it
     * in the same array (a record decrypted over its own header), but must not start inside the input after its
     * first byte: that would overwrite input not yet read.
     */
    static void checkOverlap(byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        if (in == out && outOff > inOff && outOff < inOff + inLen) {
            throw new IllegalArgumentException("output at offset " + outOff + " overlaps the input [" + inOff + ", "
                    + (inOff + inLen) + ") after its start; work in place (same offset), write before the input, or "
                    + "use a separate region");
        }
    }
}
