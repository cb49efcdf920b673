package io.gmgw.interop.tlcp;

import io.gmgw.testing.SystemPeers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * openEuler BGMProvider 1.1.4 as a live third-party TLCP peer: a server ({@link #startServer}) and a client
 * ({@link #runClient}), each a JDK 17 process running {@code tests/src/peers/bgm/BgmTlcpPeer.java} with only the
 * BGMProvider jars ({@code bgmprovider}, {@code jca}, {@code jsse}, {@code commons}) on its class path.
 *
 * <p>What it needs: a Java 17 runtime ({@link Jdk17}; BGMProvider does not run on JDK 25) and the jars in
 * {@code target/peers/bgm} (tests/pom.xml copies them). {@link #require()} skips a test on a machine without them and
 * fails it under {@code CI=true}.
 */
public final class BgmPeer {
    /** The JVM flags BGMProvider needs on JDK 17: JDK-internal packages it reaches into (one package per flag). */
    public static final List<String> JVM_FLAGS = List.of(
            "--add-exports", "java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports", "java.base/sun.security.action=ALL-UNNAMED",
            "--add-exports", "java.base/sun.security.pkcs=ALL-UNNAMED",
            "--add-exports", "java.base/sun.security.provider.certpath=ALL-UNNAMED",
            "--add-opens", "java.base/sun.security.pkcs12=ALL-UNNAMED",
            "--add-opens", "java.base/sun.security.x509=ALL-UNNAMED",
            "--add-opens", "java.base/sun.security.util=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.access=ALL-UNNAMED");
    /**
     * JVM options for short client runs: the C1 compiler only and the serial collector roughly halve the start and CPU
     * time of a client that makes a few connections (about 1 s instead of 2 s on a 2-core machine). Not for servers
     * or long runs: without C2 the BigInteger intrinsics that BGMProvider's SM2 arithmetic leans on are gone, and a
     * server then spends several times the CPU per handshake.
     */
    public static final List<String> QUICK_START_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** JVM options of a test server: full JIT; the serial collector, as a test server needs no parallel GC threads. */
    public static final List<String> SERVER_FLAGS = List.of("-XX:+UseSerialGC");
    /** Artifact IDs expected in target/peers/bgm. BGM's bcprov-jdk18on 1.78.1 is deliberately not among them. */
    static final List<String> JARS = List.of("bgmprovider", "jca", "jsse", "commons");
    static final String PEER = "bgm";
    static final String PROGRAM = "BgmTlcpPeer";
    /** JVM start, BGMProvider's initialisation and key loading; seconds on this kind of machine, more under load. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** Which client certificate the server asks for. */
    public enum ClientAuth {
        NONE, WANT, NEED;

        String arg() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The shape of BGM's ClientHello. DEFAULT is what BGMProvider sends out of the box (extensions included; a TLCP
     * server must ignore them). MINIMAL sets {@code jdk.tls.namedGroups=secp256r1} and adds
     * {@code TLS_EMPTY_RENEGOTIATION_INFO_SCSV} to the suites: the workaround for strict servers (GM-REFERENCE).
     */
    public enum Hello {
        DEFAULT, MINIMAL;

        String arg() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A BGM server's configuration.
     *
     * @param credentials the server's double pair and chain
     * @param trust       PEM file of the CAs it trusts for client certificates
     * @param suites      the suites it enables, in its order of preference
     * @param clientAuth  whether it requests a client certificate
     * @param port        the loopback port; 0 for an ephemeral one
     * @param ioTimeout   socket read timeout per connection, so a stuck client cannot hold a worker
     * @param jvmArgs     extra JVM options; {@link #SERVER_FLAGS} by default
     */
    public record ServerConfig(TlcpParty credentials, Path trust, List<TlcpSuite> suites, ClientAuth clientAuth,
            int port, Duration ioTimeout, List<String> jvmArgs) {
        public ServerConfig {
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(trust, "trust");
            suites = List.copyOf(suites);
            Objects.requireNonNull(clientAuth, "clientAuth");
            jvmArgs = List.copyOf(jvmArgs);
            if (suites.isEmpty()) {
                throw new IllegalArgumentException("a server needs at least one suite");
            }
            if (!credentials.hasEncryptionPair()) {
                throw new IllegalArgumentException("a TLCP server needs an encryption pair: " + credentials.name());
            }
        }

        /** All four suites, no client authentication, an ephemeral port. */
        public static ServerConfig of(TlcpParty server, Path trust) {
            return new ServerConfig(server, trust, List.of(TlcpSuite.values()), ClientAuth.NONE, 0,
                    Duration.ofSeconds(30), SERVER_FLAGS);
        }

        public ServerConfig withSuites(TlcpSuite... s) {
            return new ServerConfig(credentials, trust, List.of(s), clientAuth, port, ioTimeout, jvmArgs);
        }

        public ServerConfig withClientAuth(ClientAuth a) {
            return new ServerConfig(credentials, trust, suites, a, port, ioTimeout, jvmArgs);
        }

        public ServerConfig withPort(int p) {
            return new ServerConfig(credentials, trust, suites, clientAuth, p, ioTimeout, jvmArgs);
        }

        /** Replaces the JVM options (the default {@link #SERVER_FLAGS} included). */
        public ServerConfig withJvmArgs(String... args) {
            return new ServerConfig(credentials, trust, suites, clientAuth, port, ioTimeout, List.of(args));
        }
    }

    /**
     * A BGM client run's configuration.
     *
     * @param host         where to connect (loopback)
     * @param port         the server's port
     * @param trust        PEM file of the CAs it trusts for the server's chain
     * @param suites       the suites it offers
     * @param credentials  its certificates for mutual authentication; null for none
     * @param connections  how many connections, one after the other
     * @param payloadSize  bytes per write
     * @param payloadCount writes per connection, each read back and compared
     * @param payloadFile  when not null, the bytes each connection writes once (payloadSize/Count then unused)
     * @param resume       keep sessions so later connections resume by session ID; false invalidates each session
     * @param rotateSuites connection {@code i} offers only suite {@code i mod n}
     * @param hello        the ClientHello shape
     * @param ioTimeout    connect and read timeout
     * @param jvmArgs      JVM options; {@link #QUICK_START_FLAGS} by default: replace them for many connections
     */
    public record ClientConfig(String host, int port, Path trust, List<TlcpSuite> suites, TlcpParty credentials,
            int connections, int payloadSize, int payloadCount, Path payloadFile, boolean resume, boolean rotateSuites,
            Hello hello, Duration ioTimeout, List<String> jvmArgs) {
        public ClientConfig {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(trust, "trust");
            suites = List.copyOf(suites);
            Objects.requireNonNull(hello, "hello");
            jvmArgs = List.copyOf(jvmArgs);
            if (suites.isEmpty() || connections < 1 || payloadSize < 1 || payloadCount < 0) {
                throw new IllegalArgumentException("need a suite, a connection and a positive payload size");
            }
        }

        /** One connection to 127.0.0.1:port offering {@code suite}, one 1 KiB echo, no client certificate. */
        public static ClientConfig of(int port, Path trust, TlcpSuite suite) {
            return new ClientConfig("127.0.0.1", port, trust, List.of(suite), null, 1, 1024, 1, null, false, false,
                    Hello.DEFAULT, Duration.ofSeconds(30), QUICK_START_FLAGS);
        }

        /** Offers these suites on every connection (or one per connection: {@link #withEachSuiteInTurn}). */
        public ClientConfig withSuites(TlcpSuite... s) {
            return new ClientConfig(host, port, trust, List.of(s), credentials, connections, payloadSize,
                    payloadCount, payloadFile, resume, rotateSuites, hello, ioTimeout, jvmArgs);
        }

        /**
         * Connection {@code i} offers only suite {@code i mod n} and as many connections as suites (at least): one
         * process, so one JVM start, covers every suite.
         */
        public ClientConfig withEachSuiteInTurn() {
            return new ClientConfig(host, port, trust, suites, credentials, Math.max(connections, suites.size()),
                    payloadSize, payloadCount, payloadFile, resume, true, hello, ioTimeout, jvmArgs);
        }

        /** Mutual authentication with this party's certificates (a signing-only party sends one certificate). */
        public ClientConfig withCredentials(TlcpParty c) {
            return new ClientConfig(host, port, trust, suites, c, connections, payloadSize, payloadCount, payloadFile,
                    resume, rotateSuites, hello, ioTimeout, jvmArgs);
        }

        public ClientConfig withConnections(int n) {
            return new ClientConfig(host, port, trust, suites, credentials, n, payloadSize, payloadCount, payloadFile,
                    resume, rotateSuites, hello, ioTimeout, jvmArgs);
        }

        /** {@code count} writes of {@code size} random bytes per connection, each read back and compared. */
        public ClientConfig withPayload(int size, int count) {
            return new ClientConfig(host, port, trust, suites, credentials, connections, size, count, null, resume,
                    rotateSuites, hello, ioTimeout, jvmArgs);
        }

        /** Each connection writes this file's bytes once and reads them back (instead of random payloads). */
        public ClientConfig withPayloadFile(Path file) {
            return new ClientConfig(host, port, trust, suites, credentials, connections, payloadSize, 1, file, resume,
                    rotateSuites, hello, ioTimeout, jvmArgs);
        }

        public ClientConfig withResume(boolean r) {
            return new ClientConfig(host, port, trust, suites, credentials, connections, payloadSize, payloadCount,
                    payloadFile, r, rotateSuites, hello, ioTimeout, jvmArgs);
        }

        public ClientConfig withHello(Hello h) {
            return new ClientConfig(host, port, trust, suites, credentials, connections, payloadSize, payloadCount,
                    payloadFile, resume, rotateSuites, h, ioTimeout, jvmArgs);
        }

        /** Replaces the JVM options (the default {@link #QUICK_START_FLAGS} included). */
        public ClientConfig withJvmArgs(String... args) {
            return new ClientConfig(host, port, trust, suites, credentials, connections, payloadSize, payloadCount,
                    payloadFile, resume, rotateSuites, hello, ioTimeout, List.of(args));
        }
    }

    private BgmPeer() {
    }

    /** Skips the calling test (fails it under {@code CI=true}) unless Java 17 and the BGMProvider jars are here. */
    public static void require() {
        Jdk17.Lookup jdk = Jdk17.find();
        PeerPrograms.Jars jars = PeerPrograms.jars(PEER, JARS);
        List<String> missing = new ArrayList<>();
        if (jdk.home().isEmpty()) {
            missing.add(jdk.reason());
        }
        if (!jars.present()) {
            missing.add(jars.missingReason());
        }
        SystemPeers.require(missing.isEmpty(), "BGMProvider TLCP peer unavailable: " + String.join("; ", missing));
    }

    /**
     * Starts a BGM server and waits (at most {@link #START_TIMEOUT}) for its READY line.
     *
     * @throws PeerFailedException when it does not come up; the process is destroyed
     */
    public static Server startServer(ServerConfig c) {
        List<String> args = new ArrayList<>(List.of("server",
                "--port", String.valueOf(c.port()),
                "--suites", names(c.suites()),
                "--client-auth", c.clientAuth().arg(),
                "--trust", c.trust().toString(),
                "--timeout-ms", String.valueOf(c.ioTimeout().toMillis())));
        credentials(args, c.credentials());
        PeerProcess p = launch("bgm-server", c.jvmArgs(), args);
        try {
            PeerLine ready = p.await("READY", START_TIMEOUT);
            return new Server(p, ready);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** Runs a BGM client to completion, waiting at most a minute plus half a second per connection. */
    public static ClientRun runClient(ClientConfig c) {
        return runClient(c, Duration.ofSeconds(60).plusMillis(500L * c.connections() * Math.max(1, c.payloadCount())));
    }

    /**
     * Runs a BGM client to completion.
     *
     * @throws PeerFailedException when it does not finish within {@code timeout} (it is destroyed) or prints no
     *                             RESULT line; a client that ran and failed is a {@link ClientRun} that is not ok
     */
    public static ClientRun runClient(ClientConfig c, Duration timeout) {
        List<String> args = new ArrayList<>(List.of("client",
                "--host", c.host(),
                "--port", String.valueOf(c.port()),
                "--suites", names(c.suites()),
                "--trust", c.trust().toString(),
                "--connections", String.valueOf(c.connections()),
                "--payload-size", String.valueOf(c.payloadSize()),
                "--payload-count", String.valueOf(c.payloadCount()),
                "--resume", String.valueOf(c.resume()),
                "--rotate-suites", String.valueOf(c.rotateSuites()),
                "--hello", c.hello().arg(),
                "--timeout-ms", String.valueOf(c.ioTimeout().toMillis())));
        if (c.credentials() != null) {
            credentials(args, c.credentials());
        }
        if (c.payloadFile() != null) {
            args.addAll(List.of("--payload-file", c.payloadFile().toString()));
        }
        try (PeerProcess p = launch("bgm-client", c.jvmArgs(), args)) {
            return finish(p, timeout);
        }
    }

    static ClientRun finish(PeerProcess p, Duration timeout) {
        int exit = p.awaitExit(timeout);
        List<PeerLine> results = p.lines("RESULT");
        if (results.isEmpty()) {
            throw p.failure("exited with status " + exit + " without a RESULT line");
        }
        return new ClientRun(p.name(), exit, results.get(0),
                p.lines("CONN").stream().map(PeerConnection::of).toList(), p.elapsed(), p.transcript());
    }

    private static void credentials(List<String> args, TlcpParty party) {
        args.addAll(List.of("--sign-key", party.signKey().toString(), "--sign-cert",
                party.signCertificate().toString(), "--chain", party.chain().toString()));
        if (party.hasEncryptionPair()) {
            args.addAll(List.of("--enc-key", party.encKey().toString(), "--enc-cert",
                    party.encCertificate().toString()));
        }
    }

    private static String names(List<TlcpSuite> suites) {
        return suites.stream().map(TlcpSuite::bgmName).collect(Collectors.joining(","));
    }

    private static PeerProcess launch(String name, List<String> jvmArgs, List<String> programArgs) {
        Jdk17.Lookup jdk = Jdk17.find();
        PeerPrograms.Jars jars = PeerPrograms.jars(PEER, JARS);
        if (jdk.home().isEmpty() || !jars.present()) {
            throw new PeerFailedException("BGMProvider peer unavailable (call BgmPeer.require() first): "
                    + jdk.reason() + " " + jars.missingReason());
        }
        Path program = PeerPrograms.compiled(PEER, PROGRAM, jars.paths());
        List<Path> classPath = new ArrayList<>(List.of(program));
        classPath.addAll(jars.paths());
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.addAll(JVM_FLAGS);
        command.addAll(jvmArgs);
        command.addAll(PeerPrograms.classDataSharing(jdk.java(), classPath));
        command.addAll(List.of("-cp", PeerPrograms.classPath(classPath, List.of()), PROGRAM));
        command.addAll(programArgs);
        return PeerProcess.start(name, command);
    }

    /**
     * A running BGM server. {@link #close()} closes its stdin (its order to stop), waits for its BYE line, and
     * destroys it if it does not go.
     */
    public static final class Server implements AutoCloseable {
        private final PeerProcess process;
        private final PeerLine ready;
        private final Duration startup;

        private Server(PeerProcess process, PeerLine ready) {
            this.process = process;
            this.ready = ready;
            this.startup = process.elapsed();
        }

        /** The loopback port it listens on. */
        public int port() {
            return ready.integer("port");
        }

        /** Its READY line (port, protocols, suites, client-auth, pid, java version). */
        public PeerLine ready() {
            return ready;
        }

        /** From process start to READY: JVM start, BGMProvider initialisation, key loading. */
        public Duration startup() {
            return startup;
        }

        /** The next connection it reports, waiting at most {@code timeout}. */
        public PeerConnection awaitConnection(Duration timeout) {
            return PeerConnection.of(process.await("CONN", timeout));
        }

        /** The next {@code n} connections it reports, all within {@code timeout}. */
        public List<PeerConnection> awaitConnections(int n, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<PeerConnection> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(awaitConnection(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
            }
            return list;
        }

        /** Its counters and CPU time since start or the last {@link #resetStats()}. */
        public ServerStats stats() {
            process.send("STATS");
            return ServerStats.of(process.await("STATS", Duration.ofSeconds(10)));
        }

        /** Zeroes its counters and CPU baseline (after a warm-up, say). */
        public void resetStats() {
            process.send("RESET");
            process.await("RESET", Duration.ofSeconds(10));
        }

        public String transcript() {
            return process.transcript();
        }

        public PeerProcess process() {
            return process;
        }

        @Override
        public void close() {
            process.closeInput();
            try {
                process.await("BYE", STOP_TIMEOUT);
            } catch (PeerFailedException e) {
                // Destroyed below either way; a server that does not stop by itself is not a test failure here.
            } finally {
                process.close();
            }
        }

        @Override
        public String toString() {
            return "BGM server on port " + port() + " " + Arrays.toString(ready.fields().entrySet().toArray());
        }
    }
}
