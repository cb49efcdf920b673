package io.gmgw.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * gmgw's one way to write files that must survive a crash, a kill or a full disk: a replaced file holds the old
 * content or the new, never a mix; an appended record is on disk before the call returns. The content goes to a
 * temporary file in the same folder, is forced to disk and renamed over the target atomically, and the folder itself
 * is forced so the rename survives a power loss. Secret files (private keys) are created 0600 from the start, never
 * readable by others even for a moment; public files (certificates, CRLs, signatures, audit logs) end 0644.
 *
 * <p>Used by the certificate authority, ACL signatures and the audit log alike.
 */
public final class DurableFiles {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    public static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private DurableFiles() {
    }

    /** Creates or replaces {@code target} with {@code content}; {@code secret} makes it 0600 instead of 0644. */
    public static void replace(Path target, byte[] content, boolean secret) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = staged(dir, target, content, secret);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceDirectory(dir);
    }

    /**
     * Creates {@code target}, which must not exist yet (typically in a fresh staging folder), with {@code content},
     * forced to disk. The folder entry becomes durable with {@link #moveDirectory} or {@link #forceDirectory}.
     */
    public static void create(Path target, byte[] content, boolean secret) throws IOException {
        Files.createFile(target, attributes(secret ? OWNER_ONLY : PUBLIC));
        if (POSIX) {
            // createFile's mode is filtered through the umask; set it exactly.
            Files.setPosixFilePermissions(target, secret ? OWNER_ONLY : PUBLIC);
        }
        writeAndForce(target, content);
    }

    /**
     * Creates {@code target} with {@code content} whole or not at all, never over an existing file
     * ({@link java.nio.file.FileAlreadyExistsException} then, and nothing changes): the complete, forced temporary
     * file is hard-linked to the target name (link(2) fails when the name exists); a file system without hard links
     * gets a rename after an existence check instead. For files that appear next to live ones (a kept signature).
     */
    public static void createNew(Path target, byte[] content, boolean secret) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = staged(dir, target, content, secret);
        try {
            try {
                Files.createLink(target, tmp);
            } catch (UnsupportedOperationException e) {
                if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new java.nio.file.FileAlreadyExistsException(target.toString());
                }
                Files.move(tmp, target);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        forceDirectory(dir);
    }

    /**
     * Appends {@code record} to {@code channel} (opened for writing; the caller holds the file's lock and has
     * positioned it at the end) and forces it to disk. Returns the position after the record.
     */
    public static long appendAndForce(FileChannel channel, byte[] record) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(record);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
        return channel.position();
    }

    /** A new folder for staging files, 0700, inside {@code parent} (created as needed). */
    public static Path stagingDirectory(Path parent, String name) throws IOException {
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, "." + name + ".", attributes(PRIVATE_DIRECTORY));
    }

    /** A new 0700 folder (its parents are created as needed); fails if it exists. */
    public static Path privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir.toAbsolutePath().getParent());
        Files.createDirectory(dir, attributes(PRIVATE_DIRECTORY));
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PRIVATE_DIRECTORY);
        }
        return dir;
    }

    /** Renames a finished staging folder to {@code target} (which must not exist) atomically, and forces its parent. */
    public static void moveDirectory(Path staging, Path target) throws IOException {
        forceDirectory(staging);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(target.toAbsolutePath().getParent());
    }

    /** Deletes a staging folder left by a failed command (best effort: it is named as hidden and never read). */
    public static void deleteStaging(Path staging) {
        try (Stream<Path> files = Files.walk(staging)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // Left behind; a later run ignores it.
        }
    }

    /** fsync of a folder, so that a rename or a new file in it is durable (Linux allows it on a read-only channel). */
    public static void forceDirectory(Path dir) throws IOException {
        if (!POSIX) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** The attributes that create a file or folder with exactly {@code permissions} where POSIX allows it. */
    public static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    /**
     * A hidden temporary file in {@code dir} holding {@code content}, forced to disk, created 0600 and made 0644
     * unless {@code secret}; deleted again if writing it fails.
     */
    private static Path staged(Path dir, Path target, byte[] content, boolean secret) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes(OWNER_ONLY));
        try {
            writeAndForce(tmp, content);
            if (POSIX && !secret) {
                Files.setPosixFilePermissions(tmp, PUBLIC);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void writeAndForce(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }
}
