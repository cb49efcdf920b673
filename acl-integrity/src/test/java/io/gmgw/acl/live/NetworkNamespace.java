package io.gmgw.acl.live;

import static org.junit.jupiter.api.Assertions.fail;

import io.gmgw.testing.SystemPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace a test creates and deletes, so live-ruleset tests never touch the host's rules. The tools come
 * from Debian packages nftables, iptables and iproute2 and need root; where they are missing the test is skipped on a
 * developer machine and fails under CI ({@link SystemPeers}, the project's rule for system peers).
 */
public final class NetworkNamespace implements AutoCloseable {
    static final String INSTALL_HINT = "install Debian packages nftables, iptables and iproute2, and run as root "
            + "(network namespaces)";

    public final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Creates namespace {@code gmgw-acl-<pid>-<suffix>}, or skips/fails when that is impossible here. */
    public static NetworkNamespace create(String suffix) throws IOException, InterruptedException {
        for (String tool : List.of("ip", "nft", "iptables-save", "iptables-restore")) {
            require(find(tool) != null, tool + " not found");
        }
        String name = "gmgw-acl-" + ProcessHandle.current().pid() + "-" + suffix;
        Result r = run(List.of("ip", "netns", "add", name), null);
        require(r.code == 0, "cannot create a network namespace (" + r.output.strip() + ")");
        return new NetworkNamespace(name);
    }

    private static void require(boolean ok, String reason) {
        SystemPeers.require(ok, reason + ": " + INSTALL_HINT);
    }

    private static Path find(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The prefix that runs a command inside the namespace. */
    public List<String> prefix() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Runs {@code command} inside the namespace with {@code stdin}; fails the test on a non-zero exit. */
    public String exec(byte[] stdin, String... command) throws IOException, InterruptedException {
        Result r = attempt(stdin, command);
        if (r.code != 0) {
            fail(String.join(" ", command) + " in " + name + " exited with " + r.code + ": " + r.output);
        }
        return r.output;
    }

    /** Runs {@code command} inside the namespace with {@code stdin} and returns its exit code and output. */
    public Result attempt(byte[] stdin, String... command) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(prefix());
        c.addAll(List.of(command));
        return run(c, stdin);
    }

    /** A command's exit code and its standard output and error, merged. */
    public record Result(int code, String output) {
    }

    private static Result run(List<String> command, byte[] stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("ip", "netns", "del", name), null);
    }
}
