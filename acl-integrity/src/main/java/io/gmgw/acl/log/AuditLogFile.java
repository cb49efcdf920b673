package io.gmgw.acl.log;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.AuditEventType;
import io.gmgw.audit.AuditException;
import io.gmgw.audit.AuditSink;
import io.gmgw.files.DurableFiles;
import io.gmgw.files.ExclusiveFileLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * The audit log: a hash-chained file of {@link ChainRecord}s (JSON lines) that every gmgw process of a host appends
 * to, one security event per line, each naming the SM3 of the line before it; signed checkpoints ({@code gmgw audit
 * checkpoint}) fix its head, and {@link AuditChain} (behind {@code gmgw audit verify}) proves that nothing was
 * removed, reordered or changed.
 *
 * <p>Appending is cheap and durable: under an {@link ExclusiveFileLock} ({@code FILE.lock}) the writer reads only the
 * last line to learn the head (or remembers it from its own last append while the file is unchanged), appends the
 * new line and forces it to disk before {@link #record} returns. A record cut short by a crash (no line end) is
 * moved, byte for byte, to {@code FILE.torn-SEQ} and replaced by an {@code audit.tail-repaired} event naming that
 * file's size and SM3, so a crash loses nothing and hides nothing.
 *
 * <p>Every failure is an {@link AuditException} whose message says what, where and what to do. The chain's links use
 * SM3 directly, not through the cryptographic module, so that the module's own error state can still be recorded.
 */
public final class AuditLogFile implements AuditSink {
    private static final HexFormat HEX = HexFormat.of();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    /** The log is readable by its group (an auditors' or adm group), never by everyone: it names users and hosts. */
    private static final Set<PosixFilePermission> LOG_FILE = PosixFilePermissions.fromString("rw-r-----");
    private static final Set<PosixFilePermission> LOG_DIRECTORY = PosixFilePermissions.fromString("rwxr-x---");

    /** The chain's end as the next record must name it. */
    public record Tail(long seq, String head) {
    }

    private final Path file;
    private final Path lockFile;
    private Object knownFile;
    private long knownSize = -1;
    private Tail knownTail;

    private AuditLogFile(Path file) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    }

    /**
     * Opens the audit log at {@code file}, creating it (and its folder) if needed, and checks now that it can be
     * appended to and that its last record is whole (repairing a crash-cut one), so a command that changes security
     * state can refuse to start instead of failing half-way.
     *
     * @throws AuditException with what to do when the log cannot be written
     */
    public static AuditLogFile open(Path file) {
        Objects.requireNonNull(file, "file");
        AuditLogFile log = new AuditLogFile(file.toAbsolutePath().normalize());
        log.recordAll(List.of());
        return log;
    }

    public Path file() {
        return file;
    }

    @Override
    public void record(AuditEvent event) {
        recordAll(List.of(event));
    }

    /** Appends {@code events} in order under one lock, forced to disk once. */
    @Override
    public void recordAll(List<AuditEvent> events) {
        write(tail -> {
            StringBuilder lines = new StringBuilder();
            Tail end = tail;
            for (AuditEvent e : events) {
                String line = new ChainRecord.Event(end.seq() + 1, end.head(), e).toJson();
                lines.append(line).append('\n');
                end = new Tail(end.seq() + 1, sm3Hex(line));
            }
            return new Lines(lines.toString(), end);
        });
    }

    /**
     * Appends what {@code build} makes from the current tail (records numbered from {@code tail.seq() + 1}, the first
     * naming {@code tail.head()}), all under the log's lock; returns the new tail. For checkpoints and for callers
     * that must sign the head they extend.
     *
     * @throws AuditException when the log cannot be written
     */
    public Tail append(Function<Tail, List<? extends ChainRecord>> build) {
        return write(tail -> {
            StringBuilder lines = new StringBuilder();
            Tail end = tail;
            for (ChainRecord r : build.apply(tail)) {
                if (r.seq() != end.seq() + 1 || !r.prev().equals(end.head())) {
                    throw new IllegalArgumentException("record " + r.seq() + " does not extend the chain's head");
                }
                String line = r.toJson();
                lines.append(line).append('\n');
                end = new Tail(r.seq(), sm3Hex(line));
            }
            return new Lines(lines.toString(), end);
        });
    }

    /** Lines to append (each ending in '\n') and the tail after them. */
    private record Lines(String text, Tail tail) {
    }

    /** Under the lock: the tail, the lines {@code build} makes from it appended and forced to disk. */
    private synchronized Tail write(Function<Tail, Lines> build) {
        try {
            createIfMissing();
            try (ExclusiveFileLock lock = ExclusiveFileLock.acquire(lockFile, null);
                    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                // The file this channel appends to, once per write: the tail below and the memory after it need it.
                Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                Lines lines = build.apply(tail(ch, key));
                if (!lines.text().isEmpty()) {
                    ch.position(ch.size());
                    DurableFiles.appendAndForce(ch, lines.text().getBytes(StandardCharsets.UTF_8));
                }
                remember(ch, key, lines.tail());
                return lines.tail();
            }
        } catch (AccessDeniedException e) {
            throw new AuditException("cannot write the audit log " + file + ": permission denied on " + e.getFile()
                    + "; make it writable for user " + System.getProperty("user.name") + ", or point gmgw at a log "
                    + "folder it may write (GMGW_LOG_DIR)", e);
        } catch (IOException e) {
            String why = e.getMessage() != null && e.getMessage().contains("No space left") ? "the disk is full; free "
                    + "space on it (the audit log is never cut to make room)" : e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "; check the folder, its permissions and the free space";
            throw new AuditException("cannot write the audit log " + file + ": " + why, e);
        }
    }

    private void createIfMissing() throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, DurableFiles.attributes(LOG_DIRECTORY));
        }
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, DurableFiles.attributes(LOG_FILE));
                if (POSIX) {
                    Files.setPosixFilePermissions(file, LOG_FILE);
                }
                DurableFiles.forceDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another process made it first
            }
        }
    }

    /** The tail of the file, repairing a crash-cut last record; from memory when the file is as this writer left it. */
    private Tail tail(FileChannel ch, Object key) throws IOException {
        long size = ch.size();
        if (knownTail != null && size == knownSize && Objects.equals(key, knownFile)) {
            return knownTail;
        }
        if (size == 0) {
            return new Tail(0, ChainRecord.GENESIS);
        }
        int window = (int) Math.min(size, 2L * AuditChain.MAX_LINE + 2);
        ByteBuffer buf = ByteBuffer.allocate(window);
        long start = size - window;
        while (buf.hasRemaining()) {
            if (ch.read(buf, start + buf.position()) < 0) {
                throw new IOException("the file shrank while it was read");
            }
        }
        byte[] bytes = buf.array();
        int end = bytes.length;
        if (bytes[end - 1] != '\n') {
            int lastNewline = lastIndexOf(bytes, end - 1);
            if (lastNewline < 0 && start > 0) {
                throw damaged("its last " + window + " bytes hold no line end");
            }
            byte[] torn = Arrays.copyOfRange(bytes, lastNewline + 1, end);
            Tail before = lastWholeRecord(bytes, lastNewline + 1, start);
            repair(ch, start + lastNewline + 1, torn, before);
            return tail(ch, key);
        }
        return lastWholeRecord(bytes, end, start);
    }

    /** The record of the line that ends just before {@code end} (exclusive, after its '\n'). */
    private Tail lastWholeRecord(byte[] bytes, int end, long start) {
        if (end == 0) {
            if (start > 0) {
                throw damaged("a record longer than the longest gmgw writes");
            }
            return new Tail(0, ChainRecord.GENESIS);
        }
        int from = lastIndexOf(bytes, end - 2) + 1;
        if (from == 0 && start > 0) {
            throw damaged("a record longer than the longest gmgw writes");
        }
        String line = new String(bytes, from, end - 1 - from, StandardCharsets.UTF_8);
        try {
            return new Tail(ChainRecord.parse(line).seq(), sm3Hex(line));
        } catch (IllegalArgumentException e) {
            throw damaged("its last record is not one gmgw wrote (" + e.getMessage() + ")");
        }
    }

    /*
     * A crash cut the last record short. Its bytes go to FILE.torn-SEQ first (durably), then the file is cut back to
     * its last whole record and an audit.tail-repaired event names the saved bytes, so the chain stays whole and the
     * cut record stays visible.
     */
    private void repair(FileChannel ch, long wholeEnd, byte[] torn, Tail before) throws IOException {
        long seq = before.seq() + 1;
        Path saved = file.resolveSibling(file.getFileName() + ".torn-" + seq);
        for (int n = 2; Files.exists(saved); n++) {
            saved = file.resolveSibling(file.getFileName() + ".torn-" + seq + "-" + n);
        }
        DurableFiles.create(saved, torn, false);
        DurableFiles.forceDirectory(file.getParent());
        ch.truncate(wholeEnd);
        ch.force(true);
        // Built, not written: this writer appends it itself, under the lock it holds.
        Audit unsent = new Audit(e -> { }, Clock.systemUTC(), Actor.ofThisProcess("gmgw"), Map.of());
        AuditEvent event = unsent.success(AuditEventType.AUDIT_TAIL_REPAIRED).object(file.toString())
                .reason("the last record was cut short (a crash or a full disk while it was written)")
                .detail("savedTo", saved.getFileName()).detail("bytes", torn.length)
                .detail("sm3", HEX.formatHex(sm3(torn))).build();
        String line = new ChainRecord.Event(seq, before.head(), event).toJson();
        ch.position(ch.size());
        DurableFiles.appendAndForce(ch, (line + "\n").getBytes(StandardCharsets.UTF_8));
        knownTail = null;
    }

    private AuditException damaged(String what) {
        return new AuditException("the audit log " + file + " is damaged: " + what + ". Check it with 'gmgw audit "
                + "verify --log " + file + "'; to go on, move the file aside (keep it as evidence): gmgw starts a new "
                + "log");
    }

    private void remember(FileChannel ch, Object key, Tail tail) throws IOException {
        knownSize = ch.size();
        knownFile = key;
        knownTail = tail;
    }

    private static int lastIndexOf(byte[] bytes, int from) {
        for (int i = from; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static String sm3Hex(String line) {
        return HEX.formatHex(sm3(line.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sm3(byte[] data) {
        SM3Digest d = new SM3Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }
}
