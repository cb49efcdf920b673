package io.gmgw.sslvpn.client.packet;

import io.gmgw.sslvpn.client.LocalPackets;
import io.gmgw.sslvpn.client.TunnelParameters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client's own pinger, the unprivileged way to prove a tunnel end to end: ICMP echo requests from the tunnel
 * address to a target inside, sent through the tunnel every {@code interval}, replies timed as ping(8) prints them;
 * after the last request it waits {@code linger} for late replies, prints the summary and ends the session. Runs on
 * the client's event loop and its ticker (tests advance a fake one).
 */
public final class Pinger implements LocalPackets {
    /** Bytes of data per request, as ping(8) sends by default. */
    public static final int PAYLOAD = 56;
    static final int MAX_COUNT = 100_000;

    /** What the pinger saw. {@code rttNanos} in sequence order of the replies received. */
    public record Result(InetAddress target, int transmitted, int received, int duplicates, List<Long> rttNanos,
            long elapsedNanos) {
        /** Every request was answered. */
        public boolean complete() {
            return transmitted > 0 && received == transmitted;
        }

        /** ping(8)'s closing lines. */
        public List<String> summary() {
            List<String> lines = new ArrayList<>();
            lines.add("--- " + target.getHostAddress() + " ping statistics ---");
            int loss = transmitted == 0 ? 100 : (int) Math.round(100.0 * (transmitted - received) / transmitted);
            lines.add(transmitted + " packets transmitted, " + received + " received"
                    + (duplicates > 0 ? ", +" + duplicates + " duplicates" : "") + ", " + loss + "% packet loss, time "
                    + TimeUnit.NANOSECONDS.toMillis(elapsedNanos) + "ms");
            if (!rttNanos.isEmpty()) {
                double min = Double.MAX_VALUE;
                double max = 0;
                double sum = 0;
                double sq = 0;
                for (long r : rttNanos) {
                    double ms = r / 1e6;
                    min = Math.min(min, ms);
                    max = Math.max(max, ms);
                    sum += ms;
                    sq += ms * ms;
                }
                double avg = sum / rttNanos.size();
                double mdev = Math.sqrt(Math.max(0, sq / rttNanos.size() - avg * avg));
                lines.add(String.format(Locale.ROOT, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms", min, avg, max,
                        mdev));
            }
            return lines;
        }
    }

    private final InetAddress target;
    private final int count;
    private final Duration interval;
    private final Duration linger;
    private final int identifier;
    private final EventExecutor loop;
    private final Consumer<String> out;
    private final long[] sentAt;
    private final boolean[] answered;
    private final List<Long> rtts = new ArrayList<>();
    private InetAddress source;
    private Uplink uplink;
    private int transmitted;
    private int received;
    private int duplicates;
    private long started;
    private long ended = -1;
    private ScheduledFuture<?> next;
    private boolean closed;

    public Pinger(InetAddress target, int count, Duration interval, Duration linger, int identifier,
            EventExecutor loop, Consumer<String> out) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_COUNT + ", not " + count);
        }
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("interval must be at least 10 ms, not " + interval.toMillis() + " ms");
        }
        this.target = Objects.requireNonNull(target, "target");
        this.count = count;
        this.interval = interval;
        this.linger = linger;
        this.identifier = identifier & 0xffff;
        this.loop = loop;
        this.out = out;
        this.sentAt = new long[count];
        this.answered = new boolean[count];
    }

    @Override
    public void open(TunnelParameters p, Uplink up) {
        boolean v4 = target instanceof Inet4Address;
        source = v4 ? p.address4().orElse(null) : p.address6().map(a -> a.address()).orElse(null);
        if (source == null) {
            throw new IllegalStateException("the gateway gave this tunnel no " + (v4 ? "IPv4" : "IPv6")
                    + " address, so " + target.getHostAddress() + " cannot be pinged through it");
        }
        uplink = up;
        started = now();
        out.accept("PING " + target.getHostAddress() + " from " + source.getHostAddress() + " through the tunnel: "
                + PAYLOAD + " data bytes");
        sendNext();
    }

    private long now() {
        return loop.ticker().nanoTime();
    }

    private void sendNext() {
        next = null;
        if (closed) {
            return;
        }
        if (transmitted == count) {
            next = loop.schedule(this::finish, linger.toNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        int seq = transmitted + 1;
        sentAt[transmitted] = now();
        transmitted++;
        uplink.send(IcmpEcho.request(ByteBufAllocator.DEFAULT, source, target, identifier, seq, PAYLOAD));
        next = loop.schedule(this::sendNext, transmitted == count ? 0 : interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void fromGateway(ByteBuf packet) {
        try {
            IcmpEcho.parseReply(packet, target, source).ifPresent(r -> {
                int seq = r.sequence();
                if (r.identifier() != identifier || seq < 1 || seq > transmitted) {
                    return;
                }
                if (answered[seq - 1]) {
                    duplicates++;
                    out.accept((ICMP_BYTES + r.payloadLength()) + " bytes from " + target.getHostAddress()
                            + ": icmp_seq=" + seq + " ttl=" + r.ttl() + " (DUP!)");
                    return;
                }
                answered[seq - 1] = true;
                received++;
                long rtt = now() - sentAt[seq - 1];
                rtts.add(rtt);
                out.accept((ICMP_BYTES + r.payloadLength()) + " bytes from " + target.getHostAddress() + ": icmp_seq="
                        + seq + " ttl=" + r.ttl() + String.format(Locale.ROOT, " time=%.3f ms", rtt / 1e6));
                if (received == count && transmitted == count) {
                    finish();
                }
            });
        } finally {
            packet.release();
        }
    }

    private static final int ICMP_BYTES = IcmpEcho.ICMP_HEADER;

    @Override
    public void suspended(String reason) {
        out.accept("(tunnel down: " + reason + "; requests sent now are lost)");
    }

    private void finish() {
        if (ended >= 0) {
            return;
        }
        ended = now();
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        result().summary().forEach(out);
        uplink.finish(received == count ? "ping finished" : "ping finished with replies missing");
    }

    /** What was seen so far (complete after the session ended). */
    public Result result() {
        long end = ended >= 0 ? ended : (uplink == null ? started : now());
        return new Result(target, transmitted, received, duplicates, List.copyOf(rtts), end - started);
    }

    @Override
    public void close() {
        closed = true;
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }
}
