package io.gmgw.interop.tlcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A peer program running in a process of its own. Its stdout is read line by line on a thread of its own and parsed
 * into {@link PeerLine}s that the test waits for with a timeout (never a sleep); stdout and stderr together form a
 * transcript for failure messages. Its stdin stays open for commands; closing it is how a server peer is told to stop.
 * {@link #close()} always leaves no process behind: it closes stdin, waits a little, then destroys the process tree.
 */
public final class PeerProcess implements AutoCloseable {
    /** How long {@link #close()} lets the program end by itself after its stdin closed, by default. */
    static final Duration GRACE = Duration.ofSeconds(5);
    private static final int TRANSCRIPT_TAIL_LINES = 150;
    private static final PeerLine END = new PeerLine("<end of output>", Map.of(), "<end of output>");

    private final String name;
    private final List<String> command;
    private final Process process;
    private final long startNanos = System.nanoTime();
    private final BlockingQueue<PeerLine> incoming = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();
    /** Lines taken from {@link #incoming}; touched by the test's thread only. */
    private final List<PeerLine> received = new ArrayList<>();
    private final Map<String, Integer> consumed = new HashMap<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final Writer stdin;
    private final Duration grace;
    private boolean ended;

    private PeerProcess(String name, List<String> command, Process process, Duration grace) {
        this.name = name;
        this.grace = grace;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stdoutReader = Thread.ofPlatform().daemon().name(name + "-stdout")
                .start(() -> pump(process.getInputStream(), "", true));
        this.stderrReader = Thread.ofPlatform().daemon().name(name + "-stderr")
                .start(() -> pump(process.getErrorStream(), "stderr| ", false));
    }

    /** Starts {@code command}; {@code name} labels threads and messages. */
    public static PeerProcess start(String name, List<String> command) {
        return start(name, command, GRACE);
    }

    /** As {@link #start(String, List)}, giving {@link #close()} {@code grace} to let the program end by itself. */
    public static PeerProcess start(String name, List<String> command, Duration grace) {
        try {
            return new PeerProcess(name, command, new ProcessBuilder(command).start(), grace);
        } catch (IOException e) {
            throw new PeerFailedException("cannot start peer " + name + ": " + String.join(" ", command), e);
        }
    }

    private void pump(InputStream stream, String prefix, boolean parse) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (transcript) {
                    transcript.add(prefix + line);
                }
                if (parse) {
                    incoming.add(PeerLine.parse(line));
                }
            }
        } catch (IOException e) {
            synchronized (transcript) {
                transcript.add(prefix + "<reading the peer's output failed: " + e + ">");
            }
        } finally {
            if (parse) {
                incoming.add(END);
            }
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** Time since the process was started. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * The next line of {@code kind} not returned before, waiting at most {@code timeout} for it.
     *
     * @throws PeerFailedException when it does not come in time or the program's output ends first
     */
    public PeerLine await(String kind, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int wanted = consumed.getOrDefault(kind, 0);
        while (true) {
            int seen = 0;
            for (PeerLine l : received) {
                if (l.is(kind) && seen++ == wanted) {
                    consumed.put(kind, wanted + 1);
                    return l;
                }
            }
            if (ended) {
                throw failure("its output ended (exit status " + exitStatusOrAlive() + ") before a " + kind
                        + " line");
            }
            long left = deadline - System.nanoTime();
            PeerLine next;
            try {
                next = left <= 0 ? null : incoming.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for a " + kind + " line");
            }
            if (next == null) {
                throw failure("no " + kind + " line within " + timeout.toMillis() + " ms");
            }
            if (next == END) {
                ended = true;
            } else {
                received.add(next);
            }
        }
    }

    /** Every line of {@code kind} that has arrived so far, without waiting (takes what is queued). */
    public List<PeerLine> lines(String kind) {
        drainQueued();
        return received.stream().filter(l -> l.is(kind)).toList();
    }

    private void drainQueued() {
        for (PeerLine l; (l = incoming.poll()) != null; ) {
            if (l == END) {
                ended = true;
            } else {
                received.add(l);
            }
        }
    }

    /** Writes one line to the program's stdin. */
    public void send(String line) {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw failure("cannot write '" + line + "' to its stdin (" + e + ")");
        }
    }

    /** Closes the program's stdin: the end-of-input a server peer takes as the order to stop. */
    public void closeInput() {
        try {
            stdin.close();
        } catch (IOException e) {
            // The process is gone already; close() and the exit status tell the rest.
        }
    }

    /**
     * Waits for the program to exit and for all its output to be read.
     *
     * @return its exit status
     * @throws PeerFailedException when it is still running after {@code timeout} (it is then destroyed)
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                destroy();
                throw failure("still running after " + timeout.toMillis() + " ms; destroyed");
            }
            stdoutReader.join(GRACE.toMillis());
            stderrReader.join(GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy();
            throw failure("interrupted while waiting for it to exit; destroyed");
        }
        drainQueued();
        return process.exitValue();
    }

    /** Stops the program: stdin closed, a grace period to exit by itself, then the whole process tree destroyed. */
    @Override
    public void close() {
        closeInput();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy();
        }
    }

    private void destroy() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private String exitStatusOrAlive() {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The command and the last lines the program printed (stdout and stderr interleaved as they arrived). */
    public String transcript() {
        List<String> copy;
        synchronized (transcript) {
            copy = new ArrayList<>(transcript);
        }
        StringBuilder b = new StringBuilder("$ ").append(String.join(" ", command)).append('\n');
        int from = Math.max(0, copy.size() - TRANSCRIPT_TAIL_LINES);
        if (from > 0) {
            b.append("... (").append(from).append(" earlier lines left out)\n");
        }
        for (String l : copy.subList(from, copy.size())) {
            b.append(l).append('\n');
        }
        return b.toString();
    }

    /** An exception saying what went wrong with this peer, with its transcript. */
    public PeerFailedException failure(String what) {
        return new PeerFailedException("peer " + name + " (pid " + process.pid() + "): " + what + "\n"
                + transcript());
    }
}
