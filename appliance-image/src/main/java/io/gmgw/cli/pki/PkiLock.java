package io.gmgw.cli.pki;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock every command that changes a PKI folder holds from before it reads the state files until after it wrote
 * them, so that two runs cannot use one serial number or CRL number twice: an exclusive lock on {@code DIR/.lock}.
 * A second command waits (saying so on stderr) until the first is done. Not reentrant: take it once per command.
 */
final class PkiLock implements AutoCloseable {
    /*
     * The operating system's file lock belongs to the process: a second FileChannel.lock of the same file by another
     * thread of this JVM throws OverlappingFileLockException instead of waiting. Threads of one process (a gateway
     * issuing certificates, tests running commands side by side) therefore queue on this per-file lock first. It is
     * process-wide state on purpose: it mirrors the process-wide file lock.
     */
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock fileLock;

    private PkiLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
        this.local = local;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Locks {@code folder}, which must exist; tells {@code err} (if not null) when it has to wait. */
    static PkiLock acquire(PkiFolder folder, PrintWriter err) throws IOException {
        Path file = folder.lockFile();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ReentrantLock local = null;
        try {
            local = IN_PROCESS.computeIfAbsent(file.toRealPath(), k -> new ReentrantLock());
            if (!local.tryLock()) {
                waiting(err, file);
                local.lock();
            }
            FileLock lock = channel.tryLock();
            if (lock == null) {
                waiting(err, file);
                lock = channel.lock();
            }
            return new PkiLock(local, channel, lock);
        } catch (IOException | RuntimeException | Error e) {
            if (local != null && local.isHeldByCurrentThread()) {
                local.unlock();
            }
            channel.close();
            throw e;
        }
    }

    private static void waiting(PrintWriter err, Path file) {
        if (err == null) {
            return;
        }
        err.println("waiting for " + file + ": another gmgw pki command is changing this folder");
        err.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}
