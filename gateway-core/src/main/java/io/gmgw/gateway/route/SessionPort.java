package io.gmgw.gateway.route;

import io.gmgw.gateway.packet.PacketSink;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session's place in the {@link PacketRouter}: a bounded queue of packets addressed to the session's addresses,
 * filled by the router on whatever thread the device delivers on, drained by the session on its own thread (its
 * event loop) when it is told to and when its channel is writable again.
 *
 * <p>Backpressure: the queue holds at most {@code capacity} packets. When the session does not drain (its client is
 * slow and the channel is not writable), further packets for it are dropped and counted here, for this session only;
 * the router and every other session go on.
 *
 * <p>Wake-up: when a packet arrives and no wake-up is pending, the router runs the session's {@code wakeup} (for
 * example {@code () -> channel.eventLoop().execute(this::drain)}) once; {@link #drain} clears the pending flag first,
 * so a packet that arrives during a drain wakes the session again and none is stranded.
 */
public final class SessionPort implements AutoCloseable {
    private final PacketRouter router;
    private final String session;
    private final List<InetAddress> addresses;
    private final ArrayBlockingQueue<ByteBuf> queue;
    private final Runnable wakeup;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    SessionPort(PacketRouter router, String session, List<InetAddress> addresses, int capacity, Runnable wakeup) {
        this.router = router;
        this.session = session;
        this.addresses = List.copyOf(addresses);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.wakeup = wakeup;
    }

    /** The session's id, as given to {@link PacketRouter#attach}. */
    public String session() {
        return session;
    }

    /** The addresses routed to this session. */
    public List<InetAddress> addresses() {
        return addresses;
    }

    /** Called by the router; takes {@code packet} (queued, or dropped and released). */
    boolean offer(ByteBuf packet) {
        if (closed || !queue.offer(packet)) {
            packet.release();
            dropped.incrementAndGet();
            return false;
        }
        queued.incrementAndGet();
        if (closed) {
            // close() ran between the check and the offer: nobody will drain again, so release what is left.
            releaseQueued();
            return false;
        }
        if (wakePending.compareAndSet(false, true)) {
            wakeup.run();
        }
        return true;
    }

    /**
     * Hands up to {@code max} queued packets to {@code sink} (the session's tunnel writer; it owns each packet from
     * then on) and returns how many. Call on the session's thread when woken, and again when the channel becomes
     * writable; stop calling while it is not writable, and the queue's bound does the rest.
     */
    public int drain(PacketSink sink, int max) {
        wakePending.set(false);
        int n = 0;
        ByteBuf packet;
        while (n < max && (packet = queue.poll()) != null) {
            sink.accept(packet);
            n++;
        }
        return n;
    }

    /** Packets waiting now. */
    public int waiting() {
        return queue.size();
    }

    /** Packets queued for this session since it attached. */
    public long queued() {
        return queued.get();
    }

    /** Packets for this session dropped because its queue was full (or it had closed). */
    public long dropped() {
        return dropped.get();
    }

    /** Detaches from the router (its addresses route nowhere from now on) and releases what is still queued. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        router.detach(this);
        releaseQueued();
    }

    private void releaseQueued() {
        ByteBuf packet;
        while ((packet = queue.poll()) != null) {
            packet.release();
        }
    }

    @Override
    public String toString() {
        return "session " + session + " " + addresses;
    }
}
