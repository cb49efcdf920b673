package io.gmgw.sslvpn.client;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Packets a local side reads on its own thread (a TUN device's reader, the script's socket) on their way to the
 * client's event loop, bounded: at most {@link #limit()} wait for the loop, and a packet beyond that is dropped and
 * counted, as a full TUN queue drops (the sender's transport retransmits). Without the bound a sender faster than the
 * tunnel would fill the loop's task queue, and the heap, before the tunnel's own write backlog could push back.
 */
final class PacketHandoff {
    /** Default bound: about 1.5 MB of full-size packets, a few round trips of a fast link. */
    static final int DEFAULT_LIMIT = 1024;

    private final Executor loop;
    private final int limit;
    private final Consumer<ByteBuf> onLoop;
    private final Runnable dropped;
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * {@code onLoop} takes each packet on {@code loop} (and owns it); {@code dropped} counts a packet dropped here
     * (called on the sending thread).
     */
    PacketHandoff(Executor loop, int limit, Consumer<ByteBuf> onLoop, Runnable dropped) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.loop = loop;
        this.limit = limit;
        this.onLoop = onLoop;
        this.dropped = dropped;
    }

    /** Takes ownership of {@code packet}; false when it was dropped because {@link #limit()} packets wait already. */
    boolean offer(ByteBuf packet) {
        if (waiting.incrementAndGet() > limit) {
            waiting.decrementAndGet();
            packet.release();
            dropped.run();
            return false;
        }
        try {
            loop.execute(() -> {
                waiting.decrementAndGet();
                onLoop.accept(packet);
            });
            return true;
        } catch (RejectedExecutionException e) {
            waiting.decrementAndGet(); // the loop is shutting down: the session is over
            packet.release();
            dropped.run();
            return false;
        }
    }

    /** Packets handed over and not yet taken on the loop. */
    int waiting() {
        return waiting.get();
    }

    int limit() {
        return limit;
    }
}
