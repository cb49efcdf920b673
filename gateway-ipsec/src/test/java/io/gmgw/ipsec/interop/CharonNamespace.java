package io.gmgw.ipsec.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gmgw.testing.SystemPeers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * strongSwan's charon (Debian 5.9.8) in a network namespace of its own, joined to the test's namespace by a veth
 * pair, run as ../shared/reference/ipsec.md §8 describes: its own strongswan.conf with an explicit plugin list, its own
 * vici socket, a private tmpfs over /run for its fixed pid file, its log on stderr (read line by line, so that the
 * test waits for events rather than sleeping). Needs root, iproute2 and the strongSwan packages: skipped on a
 * developer machine without them, a failure under CI ({@link SystemPeers}). {@link #close()} stops charon and
 * deletes the namespace (and with it the veth pair).
 */
final class CharonNamespace implements AutoCloseable {
    static final String INSTALL = "run as root with iproute2 and the Debian packages strongswan-charon "
            + "strongswan-swanctl libcharon-extra-plugins libstrongswan-extra-plugins libstrongswan-standard-plugins";
    static final Path CHARON = Path.of("/usr/lib/ipsec/charon");
    static final String PLUGINS = "random nonce aes sha1 sha2 md5 hmac gmp pem pkcs1 x509 pubkey kernel-libipsec "
            + "kernel-netlink socket-default vici";

    final String namespace;
    /** The address of the other end of the veth link: the test's (host) side, or the other charon. */
    final String hostAddress;
    final String charonAddress;
    final Path dir;
    private final String hostLink;
    private Process charon;
    private final BlockingQueue<String> log = new LinkedBlockingQueue<>();
    private final List<String> allLines = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Process> others = new ArrayList<>();

    private CharonNamespace(String namespace, String hostLink, String hostAddress, String charonAddress, Path dir) {
        this.namespace = namespace;
        this.hostLink = hostLink;
        this.hostAddress = hostAddress;
        this.charonAddress = charonAddress;
        this.dir = dir;
    }

    /** A namespace with charon's side of a /30 veth link; the test's side gets {@link #hostAddress}. */
    static CharonNamespace create(Path dir) throws IOException, InterruptedException {
        SystemPeers.require("root".equals(System.getProperty("user.name")), "not root: " + INSTALL);
        SystemPeers.requireProgram("ip", INSTALL);
        SystemPeers.requireProgram("swanctl", INSTALL);
        SystemPeers.require(Files.isExecutable(CHARON), CHARON + " is missing: " + INSTALL);
        long pid = ProcessHandle.current().pid();
        int net = (int) (pid % 250);
        String ns = "gmgw-ike-" + pid;
        String hostLink = "gmike" + pid % 100000;
        CharonNamespace c = new CharonNamespace(ns, hostLink, "10.217." + net + ".1", "10.217." + net + ".2", dir);
        c.must("ip", "netns", "add", ns);
        c.must("ip", "link", "add", hostLink, "type", "veth", "peer", "name", "ike0", "netns", ns);
        c.must("ip", "addr", "add", c.hostAddress + "/30", "dev", hostLink);
        c.must("ip", "link", "set", hostLink, "up");
        c.must("ip", "-n", ns, "addr", "add", c.charonAddress + "/30", "dev", "ike0");
        c.must("ip", "-n", ns, "link", "set", "ike0", "up");
        c.must("ip", "-n", ns, "link", "set", "lo", "up");
        return c;
    }

    /**
     * Two namespaces joined by a veth pair, for two charons: the first at 10.219.N.1, the second at 10.219.N.2; each
     * {@link #hostAddress} is the other's address. Closing each deletes its namespace.
     */
    static CharonNamespace[] pair(Path dirA, Path dirB) throws IOException, InterruptedException {
        SystemPeers.require("root".equals(System.getProperty("user.name")), "not root: " + INSTALL);
        SystemPeers.requireProgram("ip", INSTALL);
        SystemPeers.requireProgram("swanctl", INSTALL);
        SystemPeers.require(Files.isExecutable(CHARON), CHARON + " is missing: " + INSTALL);
        long pid = ProcessHandle.current().pid();
        int net = (int) (pid % 250);
        String a = "10.219." + net + ".1";
        String b = "10.219." + net + ".2";
        CharonNamespace left = new CharonNamespace("gmgw-ike-a-" + pid, null, b, a, dirA);
        CharonNamespace right = new CharonNamespace("gmgw-ike-b-" + pid, null, a, b, dirB);
        left.must("ip", "netns", "add", left.namespace);
        right.must("ip", "netns", "add", right.namespace);
        left.must("ip", "-n", left.namespace, "link", "add", "ike0", "type", "veth", "peer", "name", "ike0", "netns",
                right.namespace);
        for (CharonNamespace c : List.of(left, right)) {
            c.must("ip", "-n", c.namespace, "addr", "add", c.charonAddress + "/30", "dev", "ike0");
            c.must("ip", "-n", c.namespace, "link", "set", "ike0", "up");
            c.must("ip", "-n", c.namespace, "link", "set", "lo", "up");
        }
        return new CharonNamespace[] {left, right};
    }

    /** Starts charon with {@code logLevels} (e.g. {@code "ike = 2"}) and waits until it has loaded its plugins. */
    void start(String logLevels) throws IOException, InterruptedException {
        start(logLevels, "");
    }

    /**
     * Starts charon with further plugins after {@code aes} (e.g. {@code "gcm"} for AES-GCM, from Debian's
     * libstrongswan-standard-plugins) and waits until it has loaded them.
     */
    void start(String logLevels, String extraPlugins) throws IOException, InterruptedException {
        String plugins = extraPlugins.isBlank() ? PLUGINS : PLUGINS.replace("aes ", "aes " + extraPlugins + " ");
        Path conf = dir.resolve("strongswan.conf");
        Files.writeString(conf, """
                charon {
                  load_modular = no
                  load = %s
                  install_routes = no
                  filelog {
                    stderr {
                      default = 1
                      %s
                      flush_line = yes
                    }
                  }
                  plugins {
                    vici {
                      socket = unix://%s
                    }
                  }
                }
                """.formatted(plugins, logLevels, vici()));
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", namespace, "sh", "-c",
                "mount -t tmpfs tmpfs /run && exec " + CHARON).redirectErrorStream(true);
        pb.environment().put("STRONGSWAN_CONF", conf.toString());
        charon = pb.start();
        charon.getOutputStream().close();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(charon.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    allLines.add(line);
                    log.add(line);
                }
            } catch (IOException ignored) {
                // charon was stopped
            }
        }, "charon-log");
        reader.setDaemon(true);
        reader.start();
        awaitLog("spawning", 20);
    }

    /** Kills charon with SIGKILL: it vanishes without a delete or a notify (a dead peer, for DPD). */
    void kill() throws InterruptedException {
        charon.destroyForcibly();
        charon.waitFor(10, TimeUnit.SECONDS);
    }

    /** Runs {@code ip -n <namespace> args...} (an address or route inside charon's namespace). */
    void ip(String... args) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("ip", "-n", namespace));
        c.addAll(List.of(args));
        must(c.toArray(String[]::new));
    }

    /** Forgets the lines not yet awaited, so that the next {@link #awaitLog} sees only what charon logs from now. */
    void skipLogSoFar() {
        log.clear();
    }

    /** The last {@code n} lines charon logged, for a failure message. */
    String logTail(int n) {
        synchronized (allLines) {
            return String.join("\n", allLines.subList(Math.max(0, allLines.size() - n), allLines.size()));
        }
    }

    /** What charon has logged so far. */
    CharonLog logSoFar() {
        synchronized (allLines) {
            return new CharonLog(allLines);
        }
    }

    Path vici() {
        return dir.resolve("charon.vici");
    }

    /** Waits up to {@code seconds} for a log line containing {@code text}; returns it. */
    String awaitLog(String text, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> seen = new ArrayList<>();
        while (true) {
            String line = log.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                fail("charon did not log '" + text + "' in " + seconds + " s; it logged:\n" + String.join("\n", seen));
            }
            seen.add(line);
            if (line.contains(text)) {
                return line;
            }
        }
    }

    /** Waits for the dump labelled {@code label} ("SKEYID => 32 bytes ...") to be logged completely. */
    void awaitDump(String label, int seconds) throws InterruptedException {
        int[] header = CharonLog.header(awaitLog(label + " =>", seconds));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int have = 0; have < header[1]; ) {
            String line = log.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                fail("charon's dump '" + label + "' stopped after " + have + " of " + header[1] + " bytes");
            }
            have += CharonLog.dumpBytes(line, header[0]);
        }
    }

    /** Runs swanctl against this charon to the end. */
    void swanctl(String... args) throws IOException, InterruptedException {
        swanctlOutput(args);
    }

    /** Runs swanctl against this charon to the end; its output. */
    String swanctlOutput(String... args) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("swanctl"));
        c.addAll(List.of(args));
        c.addAll(List.of("--uri", "unix://" + vici()));
        return must(c.toArray(String[]::new));
    }

    /** Starts swanctl without waiting for it (an initiate that waits for an answer); stopped by close(). */
    void swanctlInBackground(String... args) throws IOException {
        List<String> c = new ArrayList<>(List.of("swanctl"));
        c.addAll(List.of(args));
        c.addAll(List.of("--uri", "unix://" + vici()));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(dir.resolve("swanctl.out")
                .toFile()).start();
        others.add(p);
    }

    private String must(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ": " + new String(out,
                StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : others) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (charon != null) {
            charon.destroy();
            if (!charon.waitFor(10, TimeUnit.SECONDS)) {
                charon.destroyForcibly();
            }
        }
        new ProcessBuilder("ip", "netns", "del", namespace).start().waitFor(30, TimeUnit.SECONDS);
        if (hostLink != null) {
            new ProcessBuilder("ip", "link", "del", hostLink).redirectErrorStream(true).start()
                    .waitFor(30, TimeUnit.SECONDS);
        }
    }
}
