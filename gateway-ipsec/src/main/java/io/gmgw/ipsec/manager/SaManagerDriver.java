package io.gmgw.ipsec.manager;

import io.gmgw.ipsec.esp.io.IkeDatagramHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin driver around {@link SaManager}: one thread owns the manager, takes IKE datagrams from the data plane's
 * receive thread through a bounded queue (full: dropped and counted), ticks it at its deadline (at least every
 * second, to poll the ESP counters for volume lifetimes, DPD and the peer's first packet on a new pair), and sends
 * what it produces through an {@link IkeSender}. Operator requests ({@link #call}) run on the same thread.
 */
public final class SaManagerDriver implements IkeDatagramHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("ike");
    static final int QUEUE = 1024;
    private static final Duration POLL = Duration.ofSeconds(1);

    private final SaManager manager;
    private final IkeSender sender;
    private final Clock clock;
    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong queueDrops = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private SaManagerDriver(SaManager manager, IkeSender sender, Clock clock) {
        this.manager = manager;
        this.sender = sender;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name("ipsec-sa-manager").daemon().unstarted(this::loop);
    }

    /** A driver not yet running: hand it to the data plane as its {@link IkeDatagramHandler}, then {@link #start}. */
    public static SaManagerDriver create(SaManager manager, IkeSender sender, Clock clock) {
        return new SaManagerDriver(manager, sender, clock);
    }

    /** Starts the driver thread and the START peers. */
    public SaManagerDriver start() {
        thread.start();
        call(m -> {
            send(m.start(clock.instant()));
            return null;
        });
        return this;
    }

    @Override
    public void ike(byte[] message, boolean natTPort, InetSocketAddress from) {
        if (!queue.offer(() -> send(manager.receive(message, natTPort, from, clock.instant())))) {
            queueDrops.incrementAndGet();
        }
    }

    /** Runs {@code request} on the manager's thread ({@code up}, {@code down}, {@code status}). */
    public <T> CompletableFuture<T> call(Function<SaManager, T> request) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                f.complete(request.apply(manager));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        };
        if (!queue.offer(r)) {
            f.completeExceptionally(new IllegalStateException("the IPsec SA manager is overloaded ("
                    + QUEUE + " requests queued); try again"));
        }
        return f;
    }

    /** Brings {@code peer} up; what it sends leaves from the driver's thread. */
    public CompletableFuture<Void> up(String peer) {
        return call(m -> {
            send(m.up(peer, clock.instant()));
            return null;
        });
    }

    public CompletableFuture<Void> down(String peer) {
        return call(m -> {
            send(m.down(peer, clock.instant()));
            return null;
        });
    }

    public CompletableFuture<List<PeerStatus>> status() {
        return call(m -> m.status(clock.instant()));
    }

    /** IKE datagrams dropped because the queue was full. */
    public long queueDrops() {
        return queueDrops.get();
    }

    private void loop() {
        while (running) {
            try {
                Instant now = clock.instant();
                Instant due = manager.deadline().filter(t -> t.isBefore(now.plus(POLL))).orElse(now.plus(POLL));
                long wait = Math.max(0, Duration.between(now, due).toMillis());
                Runnable r = queue.poll(wait, TimeUnit.MILLISECONDS);
                if (r != null) {
                    r.run();
                }
                Instant t = clock.instant();
                if (r == null || manager.deadline().filter(d -> !d.isAfter(t)).isPresent()) {
                    send(manager.tick(t));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // one broken exchange must not stop the others' timers
                LOG.error("IPsec SA manager: {}", e.toString(), e);
            }
        }
    }

    private void send(List<IkeSend> out) {
        for (IkeSend s : out) {
            try {
                sender.send(s.datagram(), s.natTPort(), s.to());
            } catch (IOException e) {
                LOG.warn("IKE to {}: {}", s.to(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
