package io.gmgw.gateway.route;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.packet.PacketSink;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands packets that come out of the data-plane device (the TUN device, an ESP SA, the responder) to the session that
 * owns their destination address: the sink a {@link io.gmgw.gateway.packet.PacketDevice} is started with. Each
 * session {@link #attach attaches} with the addresses it leased and gets a {@link SessionPort}, a bounded queue it
 * drains on its own thread; a full queue drops for that session only, so a slow client never stalls the device's
 * reader or the other sessions.
 *
 * <p>Packets whose destination no session owns (a released address, broadcast, multicast) and packets that are not
 * whole IPv4/IPv6 headers are dropped and counted. Thread-safe: {@link #accept} from any thread, attach and close
 * from any thread.
 */
public final class PacketRouter implements PacketSink {
    private static final Logger LOG = LoggerFactory.getLogger("tun");

    /** How many packets a session's queue holds by default: about 1.5 MB of 1,400-byte packets. */
    public static final int DEFAULT_QUEUE_PACKETS = 1024;

    private final ConcurrentHashMap<AddressKey, SessionPort> routes = new ConcurrentHashMap<>();
    private final AtomicLong unroutable = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    /**
     * Routes {@code addresses} to session {@code session} through a queue of {@code queuePackets} packets;
     * {@code wakeup} runs when packets wait and no wake-up is pending ({@link SessionPort}). An address already routed
     * to another session is a {@link GatewayException} of kind STATE and nothing is attached (the pool never hands out
     * an address twice, so this means a wiring fault: fail closed rather than send one user's packets to another).
     */
    public SessionPort attach(String session, Collection<InetAddress> addresses, int queuePackets, Runnable wakeup) {
        if (queuePackets < 1) {
            throw new IllegalArgumentException("queuePackets must be at least 1, not " + queuePackets);
        }
        SessionPort port = new SessionPort(this, session, List.copyOf(addresses), queuePackets, wakeup);
        List<AddressKey> added = new ArrayList<>();
        for (InetAddress address : addresses) {
            AddressKey key = AddressKey.of(address);
            SessionPort previous = routes.putIfAbsent(key, port);
            if (previous != null) {
                added.forEach(k -> routes.remove(k, port));
                throw new GatewayException(GatewayException.Kind.STATE, "address " + address.getHostAddress()
                        + " is already routed to session " + previous.session() + "; session " + session
                        + " was not attached");
            }
            added.add(key);
        }
        LOG.debug("session {}: routing {}", session, addresses);
        return port;
    }

    void detach(SessionPort port) {
        for (InetAddress address : port.addresses()) {
            routes.remove(AddressKey.of(address), port);
        }
        LOG.debug("session {}: no longer routing {} ({} packets queued, {} dropped)", port.session(),
                port.addresses(), port.queued(), port.dropped());
    }

    /** Routes {@code packet} (see {@link PacketSink} on ownership). */
    @Override
    public boolean accept(ByteBuf packet) {
        AddressKey destination = AddressKey.destinationOf(packet);
        if (destination == null) {
            malformed.incrementAndGet();
            packet.release();
            return false;
        }
        SessionPort port = routes.get(destination);
        if (port == null) {
            unroutable.incrementAndGet();
            packet.release();
            return false;
        }
        return port.offer(packet);
    }

    /** Packets dropped because no session owns their destination. */
    public long unroutable() {
        return unroutable.get();
    }

    /** Packets dropped because they do not start with a whole IPv4 or IPv6 header. */
    public long malformed() {
        return malformed.get();
    }

    /** How many sessions are attached now. */
    public int sessions() {
        return (int) routes.values().stream().distinct().count();
    }
}
