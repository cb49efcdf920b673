package io.gmgw.gateway.packet;

/**
 * Where whole IP packets come from: a TUN device (what the kernel routes into it), a userspace ESP SA (what it
 * decrypted) or the in-process responder (its replies). A source pushes: once {@link #start started} it hands every
 * packet to the sink, from a thread of its own choosing (the TUN device's reader thread, a Netty event loop), and the
 * sink owns each buffer from then on ({@link PacketSink}). Sources are bounded: what the sink drops is gone, a source
 * never buffers without limit behind a slow sink.
 */
public interface PacketSource extends AutoCloseable {
    /**
     * Starts handing packets to {@code sink}. Called once; a second call is an {@link IllegalStateException}.
     */
    void start(PacketSink sink);

    /** Stops: no packet reaches the sink after this returns. Idempotent. */
    @Override
    void close();
}
