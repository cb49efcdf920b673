package io.gmgw.crypto.sm4;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

/**
 * Where a test puts an operation's output relative to its input: in another array, over the input itself, or in the
 * same array starting before the input (a record decrypted over its own header). Runs the operation and returns what
 * it wrote.
 */
enum Placement {
    APART, IN_PLACE, BEFORE_INPUT;

    private static final byte MARKER = (byte) 0xa5;

    /** An SM4 operation in the (in, inOff, len, out, outOff) shape; returns the number of bytes written. */
    interface Operation {
        int apply(byte[] in, int inOff, int len, byte[] out, int outOff);
    }

    /**
     * Runs {@code op} on {@code input} placed this way at random offsets, checks that it returned {@code outLen} and
     * (when apart) wrote nothing outside its output region, and returns the output.
     */
    byte[] run(Operation op, byte[] input, int outLen, Random random) {
        return run(op, input, outLen, outLen, random);
    }

    /** As {@link #run(Operation, byte[], int, Random)}, with {@code room} ≥ {@code outLen} bytes of output space. */
    byte[] run(Operation op, byte[] input, int outLen, int room, Random random) {
        switch (this) {
            case APART -> {
                int inOff = random.nextInt(8);
                int outOff = random.nextInt(8);
                byte[] in = new byte[inOff + input.length + random.nextInt(8)];
                System.arraycopy(input, 0, in, inOff, input.length);
                byte[] out = new byte[outOff + room + random.nextInt(8)];
                Arrays.fill(out, MARKER);
                assertEquals(outLen, op.apply(in, inOff, input.length, out, outOff));
                for (int i = 0; i < out.length; i++) {
                    if (i < outOff || i >= outOff + outLen) {
                        assertEquals(MARKER, out[i], "byte " + i + " outside the output region was written");
                    }
                }
                return Arrays.copyOfRange(out, outOff, outOff + outLen);
            }
            case IN_PLACE -> {
                int off = random.nextInt(8);
                byte[] buffer = new byte[off + Math.max(input.length, room) + random.nextInt(8)];
                System.arraycopy(input, 0, buffer, off, input.length);
                assertEquals(outLen, op.apply(buffer, off, input.length, buffer, off));
                return Arrays.copyOfRange(buffer, off, off + outLen);
            }
            case BEFORE_INPUT -> {
                int inOff = 1 + random.nextInt(40);
                int outOff = random.nextInt(inOff);
                byte[] buffer = new byte[inOff + Math.max(input.length, room) + random.nextInt(8)];
                System.arraycopy(input, 0, buffer, inOff, input.length);
                assertEquals(outLen, op.apply(buffer, inOff, input.length, buffer, outOff));
                return Arrays.copyOfRange(buffer, outOff, outOff + outLen);
            }
            default -> throw new AssertionError(this);
        }
    }
}
