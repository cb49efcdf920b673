package io.gmgw.ipsec.interop;

import io.gmgw.ipsec.ike.task.IsakmpSession;
import io.gmgw.ipsec.ike.task.Outbound;
import io.gmgw.ipsec.ike.task.TaskStep;
import io.gmgw.ipsec.ike.task.IkeEvent;
import io.gmgw.ipsec.natt.NonEspMarker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A test-only UDP loop around one {@link IsakmpSession}: ports 500 and 4500 on the test's address, datagrams to the
 * peer's same ports (the non-ESP marker added and stripped on 4500, RFC 3948 §2; ESP and keepalives there are not
 * ours yet and ignored), the session's deadlines served from the system clock. Runs on the calling thread until a
 * condition holds or the time is up.
 */
final class UdpIkeLoop implements AutoCloseable {
    private final DatagramChannel ike;
    private final DatagramChannel natT;
    private final Selector selector;
    private final InetAddress peer;
    private final Clock clock = Clock.systemUTC();
    final List<IkeEvent> events = new ArrayList<>();

    UdpIkeLoop(InetAddress local, InetAddress peer) throws IOException {
        this.peer = peer;
        this.ike = DatagramChannel.open().bind(new InetSocketAddress(local, 500));
        this.natT = DatagramChannel.open().bind(new InetSocketAddress(local, 4500));
        this.selector = Selector.open();
        for (DatagramChannel c : List.of(ike, natT)) {
            c.configureBlocking(false);
            c.register(selector, SelectionKey.OP_READ);
        }
    }

    Instant now() {
        return clock.instant();
    }

    void handle(TaskStep step) throws IOException {
        events.addAll(step.events());
        for (Outbound o : step.send()) {
            if (o.natTPort()) {
                natT.send(ByteBuffer.wrap(NonEspMarker.prepend(o.datagram())), new InetSocketAddress(peer, 4500));
            } else {
                ike.send(ByteBuffer.wrap(o.datagram()), new InetSocketAddress(peer, 500));
            }
        }
    }

    /** Feeds the session until {@code done} holds; false when {@code limit} passed first. */
    boolean runUntil(IsakmpSession session, BooleanSupplier done, Duration limit) throws IOException {
        Instant end = now().plus(limit);
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (!done.getAsBoolean()) {
            Instant now = now();
            if (!now.isBefore(end)) {
                return false;
            }
            Instant wake = session.deadline().filter(d -> d.isBefore(end)).orElse(end);
            long ms = Math.max(1, Duration.between(now, wake).toMillis());
            selector.select(ms);
            selector.selectedKeys().clear();
            for (DatagramChannel c : List.of(ike, natT)) {
                buf.clear();
                while (c.receive(buf) != null) {
                    byte[] d = Arrays.copyOf(buf.array(), buf.position());
                    buf.clear();
                    boolean onNatT = c == natT;
                    if (onNatT) {
                        if (NonEspMarker.classify(d, 0, d.length) != NonEspMarker.Kind.IKE) {
                            continue; // ESP or a keepalive: the data plane is a later part
                        }
                        d = NonEspMarker.strip(d);
                    }
                    handle(session.receive(d, onNatT, now()));
                }
            }
            handle(session.tick(now()));
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        ike.close();
        natT.close();
    }
}
