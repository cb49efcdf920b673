package io.gmgw.gateway.tun;

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
 * A network namespace a TUN test creates and deletes, so that nothing a test configures or sends leaves it. Needs
 * root, /dev/net/tun, iproute2 and bash (its /dev/udp sends a datagram without any other tool): without them the test
 * is skipped on a developer machine and fails under CI ({@link SystemPeers}).
 */
final class TunNamespace implements AutoCloseable {
    static final String INSTALL_HINT = "run as root on Linux with /dev/net/tun, and install Debian packages iproute2"
            + " and bash";

    final String name;

    private TunNamespace(String name) {
        this.name = name;
    }

    static TunNamespace create(String suffix) throws IOException, InterruptedException {
        SystemPeers.requireProgram("ip", INSTALL_HINT);
        SystemPeers.requireProgram("bash", INSTALL_HINT);
        SystemPeers.require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing: " + INSTALL_HINT);
        String name = "gmgw-tun-" + ProcessHandle.current().pid() + "-" + suffix;
        Result r = run(List.of("ip", "netns", "add", name));
        SystemPeers.require(r.code == 0, "cannot create a network namespace (" + r.output.strip() + "): "
                + INSTALL_HINT);
        return new TunNamespace(name);
    }

    /** Runs {@code command} inside the namespace and returns its exit code and output. */
    Result exec(String... command) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name));
        c.addAll(List.of(command));
        return run(c);
    }

    /** Runs {@code ip -n NAME ARGS...} and returns its exit code and output. */
    Result ip(String... args) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("ip", "-n", name));
        c.addAll(List.of(args));
        return run(c);
    }

    record Result(int code, String output) {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 30 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("ip", "netns", "del", name));
    }
}
