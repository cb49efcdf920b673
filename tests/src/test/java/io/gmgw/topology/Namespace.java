package io.gmgw.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One network namespace of a {@link NamespaceTopology}: commands run inside it with {@code ip netns exec NAME}, with
 * argument lists (never a shell line), bounded in time. Processes it starts are registered with the topology, which
 * stops them on close whatever the test did.
 */
public final class Namespace {
    /** Time limit of {@link #run(String...)}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final String role;
    private final Path workDir;
    private final Consumer<NamespaceProcess> registry;

    Namespace(String name, String role, Path workDir, Consumer<NamespaceProcess> registry) {
        this.name = name;
        this.role = role;
        this.workDir = workDir;
        this.registry = registry;
    }

    /** The namespace's name as {@code ip netns} knows it, e.g. {@code gmgw-topo-4711-1-gw}. */
    public String name() {
        return name;
    }

    /** Its role in the topology: {@code cli}, {@code gw} or {@code in}. */
    public String role() {
        return role;
    }

    /** {@code ip netns exec NAME} followed by {@code argv}: the command line that runs {@code argv} in here. */
    public List<String> command(List<String> argv) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name));
        c.addAll(argv);
        return c;
    }

    /** Runs {@code argv} in here to its end within {@link #DEFAULT_TIMEOUT}; the result whatever the exit code. */
    public CommandResult run(String... argv) {
        return run(DEFAULT_TIMEOUT, Map.of(), Arrays.asList(argv));
    }

    /**
     * Runs {@code argv} in here with {@code environment} added, to its end within {@code timeout} (else it is killed
     * and an {@link IllegalStateException} says so); the result whatever the exit code.
     */
    public CommandResult run(Duration timeout, Map<String, String> environment, List<String> argv) {
        return Commands.run(command(argv), environment, timeout);
    }

    /** Runs {@code argv} in here and fails with the command's output unless it exits 0; its standard output. */
    public String runChecked(String... argv) {
        return run(argv).orThrow().stdout();
    }

    /**
     * Starts {@code argv} in here as a long-running process labelled {@code label}, with {@code environment} added and
     * {@code directory} as working directory; its output goes to a log file named after the label in the topology's
     * work directory.
     */
    public NamespaceProcess start(String label, List<String> argv, Map<String, String> environment, Path directory) {
        ProcessBuilder builder = new ProcessBuilder().directory(directory.toFile());
        builder.environment().putAll(environment);
        try {
            Path log = workDir.resolve(label + "-" + role + "-" + System.nanoTime() + ".log");
            NamespaceProcess p = NamespaceProcess.start(label, command(argv), builder, log);
            registry.accept(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label + " in " + name, e);
        }
    }

    /** {@link #start(String, List, Map, Path)} with no extra environment, in the topology's work directory. */
    public NamespaceProcess start(String label, String... argv) {
        return start(label, Arrays.asList(argv), Map.of(), workDir);
    }

    /** The ids of every process now in this namespace ({@code ip netns pids}). */
    public List<Long> pids() {
        return NamespaceTopology.pidsOf(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
