package io.gmgw.gateway.responder;

import io.netty.buffer.ByteBuf;

/**
 * What the unprivileged data plane calls instead of writing a session's packet to a TUN device: it takes the packet
 * (and its release) and returns the reply to send back to the same session, or null when there is none. The data
 * plane's {@code PacketSink}/{@code PacketSource} seam adapts to this: a sink whose {@code write(packet)} calls
 * {@link #respond} and hands a non-null reply to the session's return path.
 */
@FunctionalInterface
public interface PacketResponder {
    /**
     * Answers {@code request} (one IP packet between its reader and writer index). Always releases {@code request};
     * the returned buffer, if any, belongs to the caller.
     */
    ByteBuf respond(ByteBuf request);
}
