package io.gmgw.topology;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running process started inside a namespace ({@link Namespace#start}): a daemon, a VPN client, a server. Its
 * standard output and error (merged) are read line by line by one thread into a bounded transcript and copied whole to
 * a log file in the topology's work directory, so a test can wait for a line ({@link #awaitLine}) instead of sleeping,
 * and a failure message can show what the process said. Every wait is bounded. {@link #close} stops it (SIGTERM, then
 * SIGKILL after a grace period) and reaps it; the topology closes whatever a test left running.
 */
public final class NamespaceProcess implements AutoCloseable {
    /** Lines kept for {@link #awaitLine} and {@link #transcript}; older ones are dropped (the log file keeps all). */
    static final int MAX_LINES = 20_000;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String label;
    private final List<String> command;
    private final Process process;
    private final Instant startedAt;
    private final Path logFile;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>();
    private long dropped;
    private boolean ended;

    private NamespaceProcess(String label, List<String> command, Process process, Instant startedAt, Path logFile) {
        this.label = label;
        this.command = List.copyOf(command);
        this.process = process;
        this.startedAt = startedAt;
        this.logFile = logFile;
        this.reader = Thread.ofPlatform().daemon().name("ns-output-" + label).unstarted(this::readOutput);
    }

    static NamespaceProcess start(String label, List<String> command, ProcessBuilder builder, Path logFile)
            throws IOException {
        builder.command(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
        Instant startedAt = Instant.now();
        NamespaceProcess started = new NamespaceProcess(label, command, builder.start(), startedAt, logFile);
        started.reader.start();
        return started;
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.write(line);
                log.write('\n');
                log.flush();
                synchronized (lines) {
                    if (lines.size() == MAX_LINES) {
                        lines.removeFirst();
                        dropped++;
                    }
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The stream closes under us when the process is killed: the end of output either way.
        } finally {
            synchronized (lines) {
                ended = true;
                lines.notifyAll();
            }
        }
    }

    /** What the test calls this process ("ocserv", "openconnect"). */
    public String label() {
        return label;
    }

    /** The command line, {@code ip netns exec NAME} included. */
    public List<String> command() {
        return command;
    }

    /** The process id: {@code ip netns exec} execs the command, so this is the command's own pid. */
    public long pid() {
        return process.pid();
    }

    /** Wall time just before the process was started (the start of a set-up time measurement). */
    public Instant startedAt() {
        return startedAt;
    }

    /** The file holding all of this process's output. */
    public Path logFile() {
        return logFile;
    }

    /** The process's standard input, for programs that read commands there. */
    public java.io.OutputStream stdin() {
        return process.getOutputStream();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The first line so far or within {@code timeout} that {@code pattern} finds; its match result. */
    public Matcher awaitLine(Pattern pattern, Duration timeout) throws TimeoutException, InterruptedException {
        String line = awaitLine(l -> pattern.matcher(l).find(), "line matching /" + pattern + "/", timeout);
        Matcher m = pattern.matcher(line);
        m.find();
        return m;
    }

    /**
     * The first line so far or within {@code timeout} that {@code wanted} accepts. Throws {@link TimeoutException}
     * (with the transcript) when none came in time, or at once when the output ended without one.
     */
    public String awaitLine(Predicate<String> wanted, String what, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        long droppedSeen = 0;
        synchronized (lines) {
            while (true) {
                // Lines dropped from the front shift the indices; skip what was already checked.
                checked = (int) Math.max(0, checked - (dropped - droppedSeen));
                droppedSeen = dropped;
                for (; checked < lines.size(); checked++) {
                    if (wanted.test(lines.get(checked))) {
                        return lines.get(checked);
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new TimeoutException(label + ": no " + what + (ended ? " before its output ended"
                            : " within " + timeout.toMillis() + " ms") + describeState());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** Waits at most {@code timeout} for the process to exit and for its last output; its exit code. */
    public int awaitExit(Duration timeout) throws TimeoutException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException(label + " did not exit within " + timeout.toMillis() + " ms" + describeState());
        }
        reader.join(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /** The output lines kept so far, joined. */
    public String transcript() {
        synchronized (lines) {
            String earlier = dropped > 0 ? "[" + dropped + " earlier lines in " + logFile + "]\n" : "";
            return earlier + String.join("\n", lines);
        }
    }

    private String describeState() {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return " (" + state + "; " + String.join(" ", command) + ")\n--- output of " + label + " ---\n" + transcript();
    }

    /**
     * Sends SIGTERM, waits up to {@code grace} for the process to exit, then SIGKILL; reaps it either way. Returns the
     * exit code (128 + signal for a signalled exit, as a shell reports it).
     */
    public int stop(Duration grace) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
        reader.join(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /** {@link #stop} with a five-second grace. */
    @Override
    public void close() {
        try {
            stop(STOP_GRACE);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return label + " (pid " + pid() + ")";
    }
}
