package io.gmgw.interop.tlcp;

import io.gmgw.testing.SystemPeers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Alibaba gm-jsse 1.1.0 as a live third-party TLCP client: {@code tests/src/peers/gmjsse/GmJsseClient.java} in a JVM
 * of its own with only {@code gmsse} and the Bouncy Castle 1.64 jdk15on jars it was built against on its class path
 * (that Bouncy Castle must never meet ours). It runs on the build's own JDK (25; 17 works too), so it needs no
 * Java 17. It offers ECC_SM4_CBC_SM3 (0xE013) only, without a client certificate.
 *
 * <p>gm-jsse 1.1.0 writes the SM2 ciphertext's C1 coordinates as DER INTEGERs of exactly 32 content bytes, whatever
 * their value (reference/tlcp.md §6.2). When a coordinate starts with 0x00 and a byte below 0x80, or 0xFF and a byte
 * from 0x80, its own Bouncy Castle 1.64 refuses to build that INTEGER ("malformed integer") and the client gives up
 * before sending ClientKeyExchange: about 1 handshake in 128. {@link Config#allowNonMinimalIntegers()} (the default)
 * sets Bouncy Castle's {@code org.bouncycastle.asn1.allow_unsafe_integer} in the client's JVM so that gm-jsse always
 * sends its ClientKeyExchange and the server sees the non-minimal encodings: a lenient server (ours should be) then
 * completes every handshake; BGMProvider refuses the 0x00-led ones ("Invalid encoding: redundant leading 0s").
 */
public final class GmJssePeer {
    static final List<String> JARS = List.of("gmsse", "bcprov-jdk15on", "bcpkix-jdk15on");
    static final String PEER = "gmjsse";
    static final String PROGRAM = "GmJsseClient";
    /** Bouncy Castle's switch that lets {@code ASN1Integer} hold a non-minimal encoding. */
    public static final String ALLOW_UNSAFE_INTEGER = "org.bouncycastle.asn1.allow_unsafe_integer";

    /**
     * A gm-jsse run.
     *
     * @param host                    where to connect (loopback)
     * @param port                    the server's port
     * @param trust                   PEM file with the CA that signed the LAST certificate of the server's chain
     *                                (the root when the server sends sign, enc, issuing CA): gm-jsse's trust manager
     *                                checks that certificate against its anchors, and the chain from the encryption
     *                                certificate up; it never checks who issued the signing certificate
     * @param connections             how many connections, one after the other (the issue asks for 100)
     * @param line                    the text each connection sends (a newline is added) and expects back
     * @param allowNonMinimalIntegers see the class comment
     * @param java                    the {@code java} executable; the test JVM's own by default
     * @param ioTimeout               read timeout per connection
     * @param jvmArgs                 JVM options; the serial collector by default
     */
    public record Config(String host, int port, Path trust, int connections, String line,
            boolean allowNonMinimalIntegers, Path java, Duration ioTimeout, List<String> jvmArgs) {
        public Config {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(trust, "trust");
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(java, "java");
            jvmArgs = List.copyOf(jvmArgs);
            if (connections < 1) {
                throw new IllegalArgumentException("connections must be positive");
            }
        }

        /** 100 connections to 127.0.0.1:port, non-minimal integers allowed, on the test JVM's own java. */
        public static Config of(int port, Path trust) {
            return new Config("127.0.0.1", port, trust, 100, "ping from gm-jsse client", true,
                    Path.of(System.getProperty("java.home"), "bin", "java"), Duration.ofSeconds(30),
                    List.of("-XX:+UseSerialGC"));
        }

        public Config withConnections(int n) {
            return new Config(host, port, trust, n, line, allowNonMinimalIntegers, java, ioTimeout,
                    jvmArgs);
        }

        public Config withLine(String l) {
            return new Config(host, port, trust, connections, l, allowNonMinimalIntegers, java, ioTimeout,
                    jvmArgs);
        }

        public Config withAllowNonMinimalIntegers(boolean allow) {
            return new Config(host, port, trust, connections, line, allow, java, ioTimeout,
                    jvmArgs);
        }

        /** Replaces the JVM options. */
        public Config withJvmArgs(String... args) {
            return new Config(host, port, trust, connections, line, allowNonMinimalIntegers, java, ioTimeout,
                    List.of(args));
        }

        public Config withJava(Path j) {
            return new Config(host, port, trust, connections, line, allowNonMinimalIntegers, j, ioTimeout,
                    jvmArgs);
        }
    }

    private GmJssePeer() {
    }

    /** Skips the calling test (fails it under {@code CI=true}) unless the gm-jsse jars are here. */
    public static void require() {
        PeerPrograms.Jars jars = PeerPrograms.jars(PEER, JARS);
        SystemPeers.require(jars.present(), "gm-jsse TLCP peer unavailable: " + jars.missingReason());
    }

    /** {@code connections} gm-jsse connections to 127.0.0.1:port with the defaults of {@link Config#of}. */
    public static ClientRun runClients(int port, Path trust, int connections) {
        return runClients(Config.of(port, trust).withConnections(connections));
    }

    /**
     * Runs the gm-jsse client to completion, waiting at most a minute plus half a second per connection.
     *
     * @throws PeerFailedException when it does not finish in time (it is destroyed) or prints no RESULT line
     */
    public static ClientRun runClients(Config c) {
        PeerPrograms.Jars jars = PeerPrograms.jars(PEER, JARS);
        if (!jars.present()) {
            throw new PeerFailedException("gm-jsse peer unavailable (call GmJssePeer.require() first): "
                    + jars.missingReason());
        }
        Path program = PeerPrograms.compiled(PEER, PROGRAM, jars.paths());
        List<String> command = new ArrayList<>(List.of(c.java().toString()));
        command.addAll(c.jvmArgs());
        if (c.allowNonMinimalIntegers()) {
            command.add("-D" + ALLOW_UNSAFE_INTEGER + "=true");
        }
        command.addAll(List.of("-cp", PeerPrograms.classPath(List.of(program), jars.paths()), PROGRAM,
                "--host", c.host(), "--port", String.valueOf(c.port()), "--trust", c.trust().toString(),
                "--connections", String.valueOf(c.connections()), "--line", c.line(),
                "--timeout-ms", String.valueOf(c.ioTimeout().toMillis())));
        try (PeerProcess p = PeerProcess.start("gm-jsse-client", command)) {
            return BgmPeer.finish(p, Duration.ofSeconds(60).plusMillis(500L * c.connections()));
        }
    }
}
