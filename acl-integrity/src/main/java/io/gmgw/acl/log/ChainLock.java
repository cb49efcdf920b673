package io.gmgw.acl.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on an audit chain ({@code CHAIN.lock} beside it), held from reading the chain's head to writing
 * the new record, so two signers cannot both append version N+1. The lock file is never deleted (deleting it would
 * let a second process lock a new file while the first holds the old one).
 */
public final class ChainLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ChainLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the lock on {@code chain}. */
    public static ChainLock acquire(Path chain) throws IOException {
        Path lockFile = chain.resolveSibling(chain.getFileName() + ".lock");
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return new ChainLock(ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
