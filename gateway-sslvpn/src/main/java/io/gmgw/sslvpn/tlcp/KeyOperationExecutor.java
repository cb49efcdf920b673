package io.gmgw.sslvpn.tlcp;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the TLCP handler runs private-key operations that may block (keys in a token or HSM), so that the event loop
 * goes on serving other connections meanwhile. Bounded: at most {@code limit} operations running or waiting; one more
 * is refused at once ({@link #trySubmit} answers false) and the handshake that needed it fails, rather than handshakes
 * queueing without end behind a slow token. Shared by every connection of the configurations given it
 * ({@link TlcpConfig.Builder#keyOperationExecutor}); its owner closes it after the servers using it have stopped.
 */
public final class KeyOperationExecutor implements AutoCloseable {
    private final Executor executor;
    private final ExecutorService owned;
    private final int limit;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private KeyOperationExecutor(Executor executor, ExecutorService owned, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a key-operation executor must take at least one operation, not "
                    + limit);
        }
        this.executor = Objects.requireNonNull(executor, "executor");
        this.owned = owned;
        this.limit = limit;
    }

    /**
     * {@code threads} worker threads (daemons named {@code tlcp-key-N}) and room for {@code queue} more operations
     * waiting for one. A token serialises operations per session, so more threads than the token has sessions only
     * wait; {@code queue} bounds how many handshakes may wait for the key at once.
     */
    public static KeyOperationExecutor threads(int threads, int queue) {
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException("key-operation threads must be at least 1 and the queue at least 0, not "
                    + threads + " and " + queue);
        }
        AtomicInteger n = new AtomicInteger();
        // The queue is unbounded as a structure; trySubmit keeps it within threads + queue.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "tlcp-key-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return new KeyOperationExecutor(pool, pool, threads + queue);
    }

    /**
     * Runs operations on {@code executor} (which this does not close), at most {@code limit} at once, running or
     * waiting: for a caller with its own worker threads, and for tests that run operations by hand.
     */
    public static KeyOperationExecutor on(Executor executor, int limit) {
        return new KeyOperationExecutor(executor, null, limit);
    }

    /** Starts {@code operation}; false, without running it, when {@link #limit()} operations are outstanding. */
    public boolean trySubmit(Runnable operation) {
        int now = outstanding.incrementAndGet();
        if (now > limit) {
            outstanding.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    operation.run();
                } finally {
                    outstanding.decrementAndGet();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            outstanding.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
    }

    /** How many operations may be outstanding (running or waiting) at once. */
    public int limit() {
        return limit;
    }

    /** Operations submitted and not yet finished. */
    public int outstanding() {
        return outstanding.get();
    }

    /** Operations refused so far because the executor was full or closed. */
    public int refused() {
        return refused.get();
    }

    /** Stops the threads this executor made (none for {@link #on}); operations already running finish. */
    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown();
        }
    }

    @Override
    public String toString() {
        return "KeyOperationExecutor[limit " + limit + ", outstanding " + outstanding.get() + "]";
    }
}
