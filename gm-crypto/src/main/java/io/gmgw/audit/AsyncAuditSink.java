package io.gmgw.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit events from threads that must never wait for a disk (a server's event loops): {@link #record} only queues the
 * event, and one writer thread hands what has queued to the target in batches ({@link AuditSink#recordAll}: one lock
 * and one sync to disk for many events), so a busy server pays one fsync per batch, not per handshake.
 *
 * <p>Still fail closed: once the target has failed, or when the bounded queue is full because the target cannot keep
 * up, {@link #record} throws {@link AuditException}, and the caller refuses what it was about to allow (a server
 * closes the connection whose handshake it could not record). {@link #flush} waits until everything queued so far is
 * written; {@link #close} flushes and stops the writer.
 */
public final class AsyncAuditSink implements AuditSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("audit");
    /** Most events written in one batch. */
    static final int MAX_BATCH = 512;

    private final AuditSink target;
    private final BlockingQueue<AuditEvent> queue;
    private final Thread writer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    private long queued;
    private long written;
    private volatile AuditException failure;
    private volatile boolean closed;

    /** Writes to {@code target}; at most {@code capacity} events wait. */
    public AsyncAuditSink(AuditSink target, int capacity) {
        this.target = Objects.requireNonNull(target, "target");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().daemon().name("audit-writer").start(this::run);
    }

    @Override
    public void record(AuditEvent event) {
        AuditException failed = failure;
        if (failed != null) {
            throw new AuditException("the audit log failed earlier and records nothing more: " + failed.getMessage(),
                    failed);
        }
        if (closed) {
            throw new AuditException("the audit writer is closed");
        }
        lock.lock();
        try {
            if (!queue.offer(event)) {
                throw new AuditException("the audit log cannot keep up: " + queue.size() + " events wait to be "
                        + "written; refusing what cannot be recorded (check the disk holding the audit log)");
            }
            queued++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every event queued before this call is written (or the target failed), at most {@code timeout}.
     *
     * @throws AuditException when the target failed, or the wait timed out
     */
    public void flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = queued;
            while (written < target && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AuditException("the audit log did not take " + (target - written) + " event(s) within "
                            + timeout.toMillis() + " ms");
                }
                progress.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The failure that stopped the writer, if any. */
    public AuditException failure() {
        return failure;
    }

    private void run() {
        List<AuditEvent> batch = new ArrayList<>();
        while (true) {
            try {
                AuditEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                target.recordAll(batch);
                advance(batch.size());
                batch.clear();
            } catch (InterruptedException e) {
                if (closed && queue.isEmpty()) {
                    return;
                }
            } catch (RuntimeException e) {
                AuditException failed = e instanceof AuditException a ? a
                        : new AuditException("the audit log failed: " + e, e);
                LOG.error("audit events can no longer be recorded ({} lost with this batch): {}", batch.size(),
                        failed.getMessage());
                fail(failed);
                return;
            }
        }
    }

    private void advance(int n) {
        lock.lock();
        try {
            written += n;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail(AuditException e) {
        lock.lock();
        try {
            failure = e;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued (waiting up to ten seconds), then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            flush(Duration.ofSeconds(10));
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (AuditException e) {
            LOG.error("closing the audit writer: {}", e.getMessage());
        }
    }
}
