package io.gmgw.ipsec.esp;

/**
 * The receiver's anti-replay window of RFC 4303 §3.4.3 as the bitmap of RFC 6479: a ring of 64-bit blocks, one bit per
 * sequence number, one block more than the window so that sliding forward only clears whole blocks (no shifting).
 * {@link #check} says whether a sequence number may be accepted and changes nothing; {@link #update} records it and is
 * called only after the ICV verified (§3.4.3: "the receive window is updated only if the integrity verification
 * succeeds"), so forged packets cannot move the window. 32-bit sequence numbers, no ESN. Not thread-safe: the inbound
 * SA calls it under its lock.
 */
public final class AntiReplayWindow {
    /** The window this data plane keeps unless told otherwise: the issue asks for at least 1024 packets. */
    public static final int DEFAULT_SIZE = 1024;
    /** Upper bound, so that a configuration error cannot allocate without limit. */
    public static final int MAX_SIZE = 1 << 16;

    /** What {@link #check} found. */
    public enum Verdict {
        /** Not seen and inside the window, or ahead of it. */
        NEW,
        /** Seen already. */
        DUPLICATE,
        /** Behind the window: can no longer be told apart from a replay. */
        TOO_OLD,
        /** Zero: the sender's counter starts at 1 (§3.3.3), so zero never arrives from a conforming peer. */
        ZERO
    }

    private final int size;
    private final long[] blocks;
    private final int mask;
    /** The highest sequence number accepted so far (0: none), as an unsigned 32-bit value. */
    private long top;

    public AntiReplayWindow(int size) {
        this.size = requireValidSize(size);
        // size / 64 blocks for the window plus one to slide into, rounded up to a power of two for the ring's mask
        this.blocks = new long[size / 32];
        this.mask = blocks.length - 1;
    }

    /** {@code size} when it is a power of two from 64 to {@link #MAX_SIZE}. */
    public static int requireValidSize(int size) {
        if (size < 64 || size > MAX_SIZE || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("anti-replay window of " + size + " packets: a power of two from 64 to "
                    + MAX_SIZE);
        }
        return size;
    }

    public int size() {
        return size;
    }

    /** The highest sequence number accepted (0 before the first). */
    public long highest() {
        return top;
    }

    public Verdict check(int sequence) {
        long seq = Integer.toUnsignedLong(sequence);
        if (seq == 0) {
            return Verdict.ZERO;
        }
        if (seq > top) {
            return Verdict.NEW;
        }
        if (top - seq >= size) {
            return Verdict.TOO_OLD;
        }
        return (blocks[block(seq)] & bit(seq)) != 0 ? Verdict.DUPLICATE : Verdict.NEW;
    }

    /** Records {@code sequence}, which {@link #check} found {@link Verdict#NEW} and whose ICV verified. */
    public void update(int sequence) {
        long seq = Integer.toUnsignedLong(sequence);
        if (seq > top) {
            long from = top >>> 6;
            long to = seq >>> 6;
            // clear the blocks the window slides over: at most all of them
            long clear = Math.min(to - from, blocks.length);
            for (long i = 1; i <= clear; i++) {
                blocks[(int) ((from + i) & mask)] = 0;
            }
            top = seq;
        }
        blocks[block(seq)] |= bit(seq);
    }

    private int block(long seq) {
        return (int) ((seq >>> 6) & mask);
    }

    private static long bit(long seq) {
        return 1L << (seq & 63);
    }
}
