package io.gmgw.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * gmgw's one exclusive lock on a file, between processes and between threads of one process: held by whoever reads
 * state and then writes it (a CA's serial ledger, an audit log's head), so two writers cannot both take the same
 * serial number or both append record N+1. A second holder waits. The lock file is never deleted (deleting it would
 * let another process lock a new file while the first still holds the old one). Not reentrant.
 */
public final class ExclusiveFileLock implements AutoCloseable {
    /*
     * The operating system's file lock belongs to the process: a second FileChannel.lock of the same file by another
     * thread of this JVM throws OverlappingFileLockException instead of waiting. Threads of one process (a gateway
     * writing audit records from several event loops, tests running commands side by side) therefore queue on this
     * per-file lock first. It is process-wide state on purpose: it mirrors the process-wide file lock.
     */
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock fileLock;

    private ExclusiveFileLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
        this.local = local;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Locks {@code lockFile} (created if missing; its folder must exist), waiting for another holder if there is
     * one; {@code onWait} (may be null) runs once before waiting, to tell a person why nothing happens.
     */
    public static ExclusiveFileLock acquire(Path lockFile, Runnable onWait) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ReentrantLock local = null;
        boolean told = false;
        try {
            local = IN_PROCESS.computeIfAbsent(lockFile.toRealPath(), k -> new ReentrantLock());
            if (!local.tryLock()) {
                told = tell(onWait, told);
                local.lock();
            }
            FileLock lock = channel.tryLock();
            if (lock == null) {
                tell(onWait, told);
                lock = channel.lock();
            }
            return new ExclusiveFileLock(local, channel, lock);
        } catch (IOException | RuntimeException | Error e) {
            if (local != null && local.isHeldByCurrentThread()) {
                local.unlock();
            }
            channel.close();
            throw e;
        }
    }

    /**
     * Locks {@code lockFile} (created if missing; its folder must exist) if nobody holds it, without waiting: for a
     * lock held as long as a service runs (a gateway's control socket), where another holder means "already running".
     * Such a lock may be released by another thread than the one that took it (a shutdown), so it takes only the
     * operating system's lock: within this process, a second try fails on that lock's overlap check.
     *
     * @return the lock, or null when another process, or this one, holds it
     */
    public static ExclusiveFileLock tryAcquire(Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new ExclusiveFileLock(null, channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // this process holds it already
        } catch (IOException | RuntimeException | Error e) {
            channel.close();
            throw e;
        }
        channel.close();
        return null;
    }

    private static boolean tell(Runnable onWait, boolean told) {
        if (onWait != null && !told) {
            onWait.run();
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            if (local != null) {
                local.unlock();
            }
        }
    }
}
