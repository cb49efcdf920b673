package io.gmgw.gateway.packet;

import io.netty.buffer.ByteBuf;

/**
 * Where whole IP packets go: a TUN device, a userspace ESP SA, the in-process responder, the router that hands
 * packets to sessions, or a session's tunnel. One call is one IPv4 or IPv6 packet, its readable bytes exactly the
 * packet (no framing, no packet-information header: the TUN device runs with IFF_NO_PI).
 *
 * <p><b>Ownership</b>: {@link #accept} always takes the buffer. The sink releases it when it has written, queued,
 * forwarded or dropped the packet; the caller never touches it again, whatever the result. Sinks never throw for a
 * packet they cannot take: they drop it, count it and return {@code false}.
 *
 * <p><b>Threads</b>: each implementation says from which threads it may be called. Every implementation in
 * gateway-core may be called from any thread, and concurrently.
 */
@FunctionalInterface
public interface PacketSink {
    /**
     * Takes {@code packet} (see the class comment on ownership). Returns whether the packet was written or queued;
     * {@code false} means it was dropped (and released) and the sink counted the drop.
     */
    boolean accept(ByteBuf packet);
}
