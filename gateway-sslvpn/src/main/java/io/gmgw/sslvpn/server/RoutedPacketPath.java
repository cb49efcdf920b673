package io.gmgw.sslvpn.server;

import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.packet.PacketSink;
import io.gmgw.gateway.route.PacketRouter;
import io.gmgw.gateway.route.SessionPort;
import io.gmgw.sslvpn.gateway.PacketPath;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tunnel server's {@link PacketPath} over gateway-core's {@link PacketRouter}: packets from clients go to the data
 * plane's {@code outside} sink (the TUN device, or the responder), and what the data plane produces is routed by
 * destination to the session that leased it. Each session's router port drains straight into the tunnel's own bounded
 * queue (whose bound, {@code outbound-queue-packets}, is the backpressure), so no thread of ours sits between them.
 *
 * <p>A reconnect registers the same addresses before the tunnel it replaces has closed: the newer registration takes
 * the addresses over (the older port is detached), and closing the older one later removes nothing of the newer.
 */
final class RoutedPacketPath implements PacketPath {
    private final PacketRouter router;
    private final PacketSink outside;
    private final int queuePackets;
    /** Which port owns each address now; guarded by {@code this}. */
    private final Map<InetAddress, SessionPort> owners = new HashMap<>();

    RoutedPacketPath(PacketRouter router, PacketSink outside, int queuePackets) {
        this.router = router;
        this.outside = outside;
        this.queuePackets = queuePackets;
    }

    @Override
    public synchronized Registration register(String sessionId, List<IpPrefix> addresses, Receiver receiver) {
        List<InetAddress> hosts = addresses.stream().map(IpPrefix::address).toList();
        for (InetAddress a : hosts) {
            SessionPort previous = owners.get(a);
            if (previous != null) {
                previous.close(); // a reconnect replaces the old tunnel: it receives nothing from now on
            }
        }
        AtomicReference<SessionPort> ref = new AtomicReference<>();
        PacketSink toTunnel = p -> {
            receiver.send(p);
            return true;
        };
        // Drained at once, on the thread that routed the packet: the receiver only queues it and wakes its loop.
        SessionPort port = router.attach(sessionId, hosts, queuePackets, () -> {
            SessionPort p = ref.get();
            if (p != null) {
                p.drain(toTunnel, queuePackets);
            }
        });
        ref.set(port);
        port.drain(toTunnel, queuePackets); // what arrived before ref was set (its wake-up found no port)
        hosts.forEach(a -> owners.put(a, port));
        return () -> {
            synchronized (RoutedPacketPath.this) {
                port.close();
                hosts.forEach(a -> owners.remove(a, port));
            }
        };
    }

    @Override
    public boolean deliver(String sessionId, ByteBuf packet) {
        return outside.accept(packet);
    }
}
