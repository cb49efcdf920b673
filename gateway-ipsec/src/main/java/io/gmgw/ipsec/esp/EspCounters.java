package io.gmgw.ipsec.esp;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One SA direction's counters, for {@code gmgw ipsec status} and for the SA manager's volume lifetimes: packets and
 * bytes (of inner packets) passed, and each {@link EspDrop}. Written by the direction's one worker, read from any
 * thread.
 */
public final class EspCounters {
    private static final int PACKETS = 0;
    private static final int BYTES = 1;
    private static final int DROPS = 2;

    private final AtomicLongArray values = new AtomicLongArray(DROPS + EspDrop.values().length);

    /** A consistent-enough copy for output (each value read once). */
    public record Snapshot(long packets, long bytes, long replayDrops, long authFailures, long otherDrops) {
    }

    void passed(int bytes) {
        values.incrementAndGet(PACKETS);
        values.addAndGet(BYTES, bytes);
    }

    void dropped(EspDrop drop) {
        values.incrementAndGet(DROPS + drop.ordinal());
    }

    public long packets() {
        return values.get(PACKETS);
    }

    public long bytes() {
        return values.get(BYTES);
    }

    public long drops(EspDrop drop) {
        return values.get(DROPS + drop.ordinal());
    }

    public Snapshot snapshot() {
        long other = 0;
        for (EspDrop d : EspDrop.values()) {
            if (d != EspDrop.REPLAYED && d != EspDrop.AUTH_FAILED) {
                other += drops(d);
            }
        }
        return new Snapshot(packets(), bytes(), drops(EspDrop.REPLAYED), drops(EspDrop.AUTH_FAILED), other);
    }
}
