package io.gmgw.sslvpn.client;

import io.netty.buffer.ByteBuf;

/**
 * The local side of the tunnel: where packets from the gateway go and packets to it come from. A TUN device (root;
 * {@code client.tun.TunPackets} over gateway-core's TUN device), a program on a socket pair (openconnect's
 * {@code --script-tun}), or the client's own pinger. Called on the client's event loop.
 */
public interface LocalPackets {
    /** Where this side sends packets into the tunnel; each call takes ownership of the buffer. */
    interface Uplink {
        /**
         * False when the packet was dropped (the tunnel is down or congested). Any thread: from a thread other than
         * the event loop at most {@code PacketHandoff.DEFAULT_LIMIT} packets wait for the loop, the rest are dropped.
         */
        boolean send(ByteBuf packet);

        /** Ends the VPN session and logs off (for a side that is done, as the pinger after its last reply). */
        void finish(String reason);
    }

    /** The tunnel is up for the first time: set the addresses and routes up, start moving packets. */
    void open(TunnelParameters parameters, Uplink uplink) throws Exception;

    /** One packet from the gateway; the receiver releases it. */
    void fromGateway(ByteBuf packet);

    /** The tunnel is back after a reconnect, with the same addresses (the client checked). */
    default void reconnected(TunnelParameters parameters) {
    }

    /** The tunnel is down for a while (reconnecting); packets sent now are dropped. */
    default void suspended(String reason) {
    }

    /** The session is over: restore what {@link #open} changed and release everything. Called once. */
    void close();
}
