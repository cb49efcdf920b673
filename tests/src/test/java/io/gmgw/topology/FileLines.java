package io.gmgw.topology;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Waits for a line in a file another process appends to (the gateway's {@code audit.log} and {@code gmgw.log}),
 * without sleeping: the folder is watched (inotify on Linux) before the file is read, so no append between a read and
 * the wait is missed, and the file is read again after each change.
 */
final class FileLines {
    private FileLines() {
    }

    /**
     * The first line of {@code file} that {@code wanted} accepts, now or once the file has it, within {@code timeout};
     * else a {@link TimeoutException} naming {@code what} with the file's tail.
     */
    static String await(Path file, Predicate<String> wanted, String what, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (WatchService watch = file.getFileSystem().newWatchService()) {
            file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            while (true) {
                Optional<String> found = lines(file).stream().filter(wanted).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                long left = deadline - System.nanoTime();
                WatchKey key = left > 0 ? watch.poll(left, TimeUnit.NANOSECONDS) : null;
                if (key == null) {
                    throw new TimeoutException("no " + what + " in " + file + " within " + timeout.toMillis()
                            + " ms; it ends with:\n" + tail(file));
                }
                key.pollEvents();
                key.reset();
            }
        } catch (ClosedWatchServiceException e) {
            throw new IllegalStateException("the watch of " + file + " closed under the wait", e);
        }
    }

    /** The file's lines; none while it does not exist yet. */
    static List<String> lines(Path file) throws IOException {
        try {
            return Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** Its last 30 lines, for failure messages. */
    static String tail(Path file) throws IOException {
        List<String> lines = lines(file);
        return lines.isEmpty() ? "(nothing)" : String.join("\n", lines.subList(Math.max(0, lines.size() - 30),
                lines.size()));
    }
}
