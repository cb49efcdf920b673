package io.gmgw.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One bash process that commands are typed into, as an operator pastes them into a terminal: each runs in the
 * session's working directory with the session's environment, its output goes to files, and its exit status comes
 * back on the session's standard output after a marker. Background jobs get a process group of their own, so
 * stopping one stops its whole pipeline. {@code prefix} runs bash under another command (for example
 * {@code unshare --net --mount}).
 */
final class ShellSession implements AutoCloseable {
    private static final String MARK = "@@gmgw-step ";

    private final Process bash;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path logs;
    private int steps;

    /** What one command left: its exit status and output. */
    record Result(String command, int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "$ " + command + "\nexit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A command running in the background. */
    final class Job {
        private final String command;
        private final int step;
        private final long pid;

        private Job(String command, int step, long pid) {
            this.command = command;
            this.step = step;
            this.pid = pid;
        }

        /** Waits until its standard output or error has a line matching {@code ready}; false when it ended first. */
        boolean awaitOutput(Pattern ready, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (ready.matcher(read(out(step))).find() || ready.matcher(read(err(step))).find()) {
                    return true;
                }
                if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    return ready.matcher(read(out(step))).find();
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            return false;
        }

        boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        /** Stops its process group (SIGTERM) and returns what it left. */
        Result stop() throws IOException, InterruptedException {
            send("kill -TERM -- -" + pid + " 2>/dev/null; wait " + pid + "; echo \"" + MARK + step + " $?\"");
            return new Result(command, awaitMark(step, Duration.ofSeconds(30)), read(out(step)), read(err(step)));
        }

        @Override
        public String toString() {
            return "$ " + command + " &\n--- stdout\n" + read(out(step)) + "--- stderr\n" + read(err(step));
        }
    }

    ShellSession(Path workingDirectory, Path logs, Map<String, String> environment, List<String> prefix)
            throws IOException {
        this.logs = Files.createDirectories(logs);
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("bash", "--norc", "--noprofile"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectError(logs.resolve("bash.err").toFile());
        pb.environment().putAll(environment);
        bash = pb.start();
        stdin = new java.io.OutputStreamWriter(bash.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(bash.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("@@gmgw-closed " + e);
            }
            lines.add("@@gmgw-closed");
        }, "shell-session-reader");
        reader.setDaemon(true);
        reader.start();
        send("set -m");
    }

    /** Runs {@code command} as typed (continuation lines included) with no input, and waits for it. */
    Result run(String command, Duration timeout) throws IOException, InterruptedException {
        int step = ++steps;
        send("{ " + command + "\n} >" + q(out(step)) + " 2>" + q(err(step)) + " </dev/null; echo \"" + MARK + step
                + " $?\"");
        return new Result(command, awaitMark(step, timeout), read(out(step)), read(err(step)));
    }

    /**
     * Runs {@code command} in a terminal (a pseudo-terminal made by script(1)) into which {@code typed} is typed, for
     * commands that prompt; its output and the terminal's echo are the result's standard output.
     */
    Result runInTerminal(String command, String typed, Duration timeout) throws IOException, InterruptedException {
        int step = ++steps;
        Path script = logs.resolve("step-" + step + ".sh");
        Files.writeString(script, command + "\n");
        Path input = logs.resolve("step-" + step + ".typed");
        Files.writeString(input, typed);
        send("script -qec " + q("bash " + q(script)) + " /dev/null <" + q(input) + " >" + q(out(step)) + " 2>"
                + q(err(step)) + "; echo \"" + MARK + step + " $?\"");
        return new Result(command, awaitMark(step, timeout), read(out(step)), read(err(step)));
    }

    /** Starts {@code command} in the background, with no input. */
    Job start(String command) throws IOException, InterruptedException {
        int step = ++steps;
        send("{ " + command + "\n} >" + q(out(step)) + " 2>" + q(err(step)) + " </dev/null &\necho \"" + MARK
                + step + " $!\"");
        return new Job(command, step, awaitMark(step, Duration.ofSeconds(30)));
    }

    private void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    private int awaitMark(int step, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("step " + step + " did not finish within " + timeout + "\n--- stdout\n"
                        + read(out(step)) + "--- stderr\n" + read(err(step)));
            }
            if (line.startsWith("@@gmgw-closed")) {
                throw new AssertionError("the shell ended (" + line + "): " + read(logs.resolve("bash.err")));
            }
            if (line.startsWith(MARK + step + " ")) {
                return Integer.parseInt(line.substring((MARK + step + " ").length()).strip());
            }
        }
    }

    private Path out(int step) {
        return logs.resolve("step-" + step + ".out");
    }

    private Path err(int step) {
        return logs.resolve("step-" + step + ".err");
    }

    /** {@code text} in single quotes for bash. */
    static String q(Object text) {
        return "'" + text.toString().replace("'", "'\\''") + "'";
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            // each background job is a process group of its own: stop the whole group (a JVM under a subshell)
            send("for job in $(jobs -p); do kill -TERM -- -$job 2>/dev/null; done; wait; exit");
        } catch (IOException e) {
            // the shell is gone already
        }
        if (!bash.waitFor(30, TimeUnit.SECONDS)) {
            bash.destroyForcibly();
        }
    }
}
