package io.gmgw.acl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file so that a crash, a kill or a full disk leaves the old content or the new, never a mix: the new
 * content goes to a hidden temporary file in the same folder, is forced to disk, renamed over the target atomically,
 * and the folder is forced so the rename survives a power loss ({@link #replace}); {@link #create} does the same for a
 * new file that must not overwrite one. Signature files and audit chains are public (0644).
 */
public final class AtomicFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFiles() {
    }

    public static void replace(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = written(dir, target, content);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /**
     * Creates {@code target} with {@code content} as {@link #replace} writes it, but never over an existing file:
     * {@link FileAlreadyExistsException} then, and nothing changes. The complete temporary file is hard-linked to the
     * target name (link(2) fails when the name exists), so the target appears whole or not at all; a file system
     * without hard links gets a rename after an existence check instead.
     */
    public static void create(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = written(dir, target, content);
        try {
            try {
                Files.createLink(target, tmp);
            } catch (UnsupportedOperationException e) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAlreadyExistsException(target.toString());
                }
                Files.move(tmp, target);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** A hidden temporary file in {@code dir} holding {@code content}, forced to disk, mode 0644. */
    private static Path written(Path dir, Path target, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (POSIX) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        if (POSIX) {
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    }
}
