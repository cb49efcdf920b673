package io.gmgw.cli.demo;

import io.gmgw.sslvpn.client.LocalPackets;
import io.gmgw.sslvpn.client.TunnelParameters;
import io.gmgw.sslvpn.client.packet.IcmpEcho;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo client's local side: no TUN device, the demo sends ICMP echo requests through the tunnel one at a time
 * and waits for each reply ({@link #ping}); anything else the gateway sends is dropped.
 */
final class EchoPackets implements LocalPackets {
    private static final int PAYLOAD = 56;

    private final EventLoop loop;
    private final int identifier = (int) (ProcessHandle.current().pid() & 0xffff);
    private final CompletableFuture<TunnelParameters> opened = new CompletableFuture<>();
    private final Map<Integer, Waiting> waiting = new ConcurrentHashMap<>();
    private volatile Uplink uplink;

    private record Waiting(InetAddress target, long sentNanos, CompletableFuture<Long> reply) {
    }

    EchoPackets(EventLoop loop) {
        this.loop = loop;
    }

    CompletableFuture<TunnelParameters> opened() {
        return opened;
    }

    @Override
    public void open(TunnelParameters parameters, Uplink up) {
        this.uplink = up;
        opened.complete(parameters);
    }

    /** One echo request to {@code target}; the round trip, or an IOException when no reply came in time. */
    Duration ping(InetAddress target, int sequence, Duration timeout) throws IOException {
        InetAddress source = opened.join().address4().orElseThrow(() -> new IOException("no IPv4 tunnel address"));
        Waiting w = new Waiting(target, System.nanoTime(), new CompletableFuture<>());
        waiting.put(sequence & 0xffff, w);
        loop.execute(() -> uplink.send(IcmpEcho.request(ByteBufAllocator.DEFAULT, source, target, identifier,
                sequence, PAYLOAD)));
        try {
            return Duration.ofNanos(w.reply().get(timeout.toMillis(), TimeUnit.MILLISECONDS) - w.sentNanos());
        } catch (TimeoutException e) {
            throw new IOException("no echo reply from " + target.getHostAddress() + " (icmp_seq=" + sequence
                    + ") within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException("echo request " + sequence + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for an echo reply", e);
        } finally {
            waiting.remove(sequence & 0xffff);
        }
    }

    @Override
    public void fromGateway(ByteBuf packet) {
        try {
            TunnelParameters p = opened.getNow(null);
            if (p == null || p.address4().isEmpty()) {
                return;
            }
            for (Waiting w : waiting.values()) {
                IcmpEcho.parseReply(packet, w.target(), p.address4().get())
                        .filter(r -> r.identifier() == identifier)
                        .ifPresent(r -> {
                            Waiting match = waiting.get(r.sequence());
                            if (match != null) {
                                match.reply().complete(System.nanoTime());
                            }
                        });
            }
        } finally {
            packet.release();
        }
    }

    @Override
    public void suspended(String reason) {
        waiting.values().forEach(w -> w.reply().completeExceptionally(new IOException("tunnel down: " + reason)));
    }

    @Override
    public void close() {
        opened.completeExceptionally(new IOException("the tunnel closed"));
        waiting.values().forEach(w -> w.reply().completeExceptionally(new IOException("the tunnel closed")));
    }
}
