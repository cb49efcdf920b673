package io.gmgw.sslvpn.client;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Traffic of one client session over all its tunnel connections (reconnects included): packets and bytes each way,
 * frames, and packets dropped because the tunnel was down or its write backlog full. Written on the event loop,
 * read from anywhere.
 */
public final class TunnelCounters {
    private final AtomicLong packetsIn = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong packetsOut = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong dropsOut = new AtomicLong();

    /** A snapshot. */
    public record Snapshot(long packetsIn, long bytesIn, long packetsOut, long bytesOut, long framesIn,
            long framesOut, long dropsOut) {
    }

    void packetIn(int bytes) {
        packetsIn.incrementAndGet();
        bytesIn.addAndGet(bytes);
    }

    void packetOut(int bytes) {
        packetsOut.incrementAndGet();
        bytesOut.addAndGet(bytes);
    }

    void frameIn(int bytes) {
        framesIn.incrementAndGet();
    }

    void frameOut(int bytes) {
        framesOut.incrementAndGet();
    }

    void dropOut() {
        dropsOut.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(packetsIn.get(), bytesIn.get(), packetsOut.get(), bytesOut.get(), framesIn.get(),
                framesOut.get(), dropsOut.get());
    }
}
