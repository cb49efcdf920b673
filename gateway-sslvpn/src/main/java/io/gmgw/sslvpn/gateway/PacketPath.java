package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.ip.IpPrefix;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The data plane behind the tunnel server (filled by gateway-core: a TUN device, or the in-gateway responder in
 * unprivileged mode). Sessions hand it the packets their clients send and register their addresses to receive the
 * packets routed to them.
 */
public interface PacketPath {
    /** Where the data plane sends the packets routed to one session. */
    @FunctionalInterface
    interface Receiver {
        /**
         * Takes one IP packet for the session (ownership passes: the receiver releases it). Called from any thread,
         * never blocks: a session whose queue is full drops the packet and counts it.
         */
        void send(ByteBuf packet);
    }

    /** A registration; {@link #close()} removes it (idempotent). */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Routes packets for {@code addresses} (the session's leased addresses, each with its pool's prefix length; route
     * only the address itself) to {@code receiver} until the registration is closed.
     *
     * <p>A reconnect registers the same addresses again, possibly before the tunnel it replaces has closed (on another
     * event loop): the newer registration takes the addresses over, and closing the older one must not remove it.
     */
    Registration register(String sessionId, List<IpPrefix> addresses, Receiver receiver);

    /**
     * Takes one IP packet a client sent (already allowed by its group's ACL; ownership passes). Never blocks: when
     * the data plane cannot take it, it drops the packet and returns false, and the session counts the drop.
     */
    boolean deliver(String sessionId, ByteBuf packet);
}
