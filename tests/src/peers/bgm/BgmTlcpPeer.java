import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * openEuler BGMProvider (a third-party TLCP / "GMTLS" implementation) as a live peer for gmgw's interop tests: a TLCP
 * echo server and a TLCP client. It runs in its own JDK 17 process (BGMProvider uses JDK internals that JDK 25
 * removed) with only the BGMProvider jars on its class path, and talks to the test through tab-separated lines on
 * stdout ({@code KIND\tkey=value\t...}); see tests/README.md.
 *
 * <pre>
 * server --port P --suites S1,S2 --client-auth none|want|need --sign-key F --sign-cert F --enc-key F --enc-cert F
 *        [--chain F] --trust F [--hello default|minimal] [--threads N] [--timeout-ms T]
 *   prints READY, one CONN line per connection, STATS on a "STATS" line on stdin, zeroes its counters on "RESET";
 *   exits 0 when stdin reaches its end (or on "QUIT").
 * client --host H --port P --suites S1,S2 --trust F [--sign-key F --sign-cert F --enc-key F --enc-cert F] [--chain F]
 *        [--payload-size N] [--payload-count N] [--payload-file F] [--connections N] [--resume true|false]
 *        [--hello default|minimal] [--rotate-suites true|false] [--timeout-ms T]
 *   (--rotate-suites: connection i offers only suite i mod n, so one process covers every suite)
 *   prints one CONN line per connection and a RESULT line; exits 0 only when every connection succeeded.
 * </pre>
 *
 * Test tooling only, never shipped: BGMProvider is GPLv2 with the Classpath Exception and stays out of gmgw.
 */
public final class BgmTlcpPeer {
    private static final int EXIT_FAILED = 1;
    private static final int EXIT_USAGE = 64;
    private static final String PROTOCOL = "GMTLS";
    /** The signalling value that makes BGM's ClientHello carry no renegotiation_info extension (RFC 5746 §3.3). */
    private static final String EMPTY_RENEGOTIATION_SCSV = "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";

    private BgmTlcpPeer() {
    }

    public static void main(String[] args) {
        int status;
        try {
            if (args.length == 0) {
                throw new IllegalArgumentException("first argument must be 'server' or 'client'");
            }
            Options o = Options.parse(Arrays.copyOfRange(args, 1, args.length));
            status = switch (args[0]) {
                case "server" -> server(o);
                case "client" -> client(o);
                default -> throw new IllegalArgumentException("unknown mode '" + args[0] + "'; use server or client");
            };
        } catch (IllegalArgumentException e) {
            out("ERROR", "usage", e.getMessage());
            status = EXIT_USAGE;
        } catch (Exception e) {
            out("ERROR", "failure", oneLine(e));
            e.printStackTrace();
            status = EXIT_FAILED;
        }
        System.out.flush();
        System.exit(status);
    }

    // ---- server -------------------------------------------------------------------------------------------------

    private static int server(Options o) throws Exception {
        String clientAuth = o.get("client-auth", "none");
        if (!Set.of("none", "want", "need").contains(clientAuth)) {
            throw new IllegalArgumentException("--client-auth must be none, want or need, not '" + clientAuth + "'");
        }
        int timeoutMs = o.integer("timeout-ms", 30_000);
        SSLContext context = context(o, true);
        SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(o.integer("port", 0), 256, InetAddress.getLoopbackAddress());
        listener.setEnabledProtocols(new String[] {PROTOCOL});
        listener.setEnabledCipherSuites(o.list("suites"));
        listener.setNeedClientAuth(clientAuth.equals("need"));
        if (clientAuth.equals("want")) {
            listener.setWantClientAuth(true);
        }
        ServerStats stats = new ServerStats();
        ExecutorService workers = Executors.newFixedThreadPool(o.integer("threads", 16));
        Thread acceptor = new Thread(() -> accept(listener, workers, stats, timeoutMs), "bgm-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        out("READY", "port", String.valueOf(listener.getLocalPort()), "protocols",
                String.join(",", listener.getEnabledProtocols()), "suites",
                String.join(",", listener.getEnabledCipherSuites()), "client-auth", clientAuth, "pid",
                String.valueOf(ProcessHandle.current().pid()), "java", System.getProperty("java.version"));

        // The test controls the server through stdin: its end (the test closed the pipe or died) stops the server.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            switch (line.strip()) {
                case "STATS" -> stats.print();
                case "RESET" -> {
                    stats.reset();
                    out("RESET", "ok", "true");
                }
                case "QUIT" -> {
                    return stop(listener, workers, stats);
                }
                case "" -> {
                }
                default -> out("ERROR", "usage", "unknown command '" + line.strip() + "' (STATS, RESET, QUIT)");
            }
        }
        return stop(listener, workers, stats);
    }

    private static int stop(SSLServerSocket listener, ExecutorService workers, ServerStats stats) throws Exception {
        listener.close();
        workers.shutdown();
        if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
        out("BYE", "handshakes", String.valueOf(stats.handshakes.get()), "failed",
                String.valueOf(stats.failed.get()));
        return 0;
    }

    private static void accept(SSLServerSocket listener, ExecutorService workers, ServerStats stats, int timeoutMs) {
        while (!listener.isClosed()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    out("ERROR", "accept", oneLine(e));
                }
                return;
            }
            workers.execute(() -> serve((SSLSocket) s, stats, timeoutMs));
        }
    }

    private static void serve(SSLSocket socket, ServerStats stats, int timeoutMs) {
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ok", "false");
        fields.put("remote-port", String.valueOf(socket.getPort()));
        long echoed = 0;
        try (socket) {
            socket.setSoTimeout(timeoutMs);
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            stats.handshakes.incrementAndGet();
            SSLSession session = socket.getSession();
            describe(session, fields, startMillis);
            fields.put("client", peerSubject(session));
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[16384];
            String close = "close_notify";
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (EOFException | SocketException e) {
                    // A peer that closes TCP without close_notify (gm-jsse does) is not an echo failure.
                    close = "eof (" + e.getClass().getSimpleName() + ")";
                    break;
                }
                if (n < 0) {
                    break;
                }
                // Counted before the echo leaves: a client that has its echo back and then asks for RESET must not
                // find this chunk counted after the reset.
                stats.bytes.addAndGet(n);
                out.write(buffer, 0, n);
                out.flush();
                echoed += n;
            }
            fields.put("ok", "true");
            fields.put("close", close);
        } catch (Exception e) {
            stats.failed.incrementAndGet();
            fields.put("error", oneLine(e));
        }
        fields.put("bytes", String.valueOf(echoed));
        fields.put("ms", String.valueOf((System.nanoTime() - start) / 1_000_000));
        out("CONN", fields);
    }

    /** Counters for the benchmark mode: handshakes, bytes echoed and this process's CPU time since the last reset. */
    private static final class ServerStats {
        final AtomicLong handshakes = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        private volatile long cpuBase = cpuNanos();
        private volatile long wallBase = System.nanoTime();

        synchronized void reset() {
            handshakes.set(0);
            failed.set(0);
            bytes.set(0);
            cpuBase = cpuNanos();
            wallBase = System.nanoTime();
        }

        synchronized void print() {
            long cpu = cpuNanos() - cpuBase;
            long wall = System.nanoTime() - wallBase;
            long h = handshakes.get();
            long b = bytes.get();
            out("STATS", "handshakes", String.valueOf(h), "failed", String.valueOf(failed.get()), "bytes",
                    String.valueOf(b), "cpu-ns", String.valueOf(cpu), "wall-ns", String.valueOf(wall),
                    "cpu-ms-per-handshake", h == 0 ? "n/a" : String.format("%.3f", cpu / 1e6 / h),
                    "cpu-ms-per-mib", b == 0 ? "n/a" : String.format("%.3f", cpu / 1e6 / (b / 1048576.0)),
                    "processors", String.valueOf(Runtime.getRuntime().availableProcessors()));
        }

        /** CPU time of the whole process (every thread, GC and JIT included), as the OS accounts it. */
        static long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }

    // ---- client -------------------------------------------------------------------------------------------------

    private static int client(Options o) throws Exception {
        String host = o.get("host", "127.0.0.1");
        int port = o.integer("port", -1);
        if (port <= 0) {
            throw new IllegalArgumentException("--port is required");
        }
        int connections = o.integer("connections", 1);
        int size = o.integer("payload-size", 1024);
        byte[] fixed = o.has("payload-file") ? Files.readAllBytes(o.path("payload-file")) : null;
        int count = fixed != null ? 1 : o.integer("payload-count", 1);
        boolean resume = Boolean.parseBoolean(o.get("resume", "false"));
        boolean rotate = Boolean.parseBoolean(o.get("rotate-suites", "false"));
        int timeoutMs = o.integer("timeout-ms", 30_000);
        String[] suites = o.list("suites");
        SSLContext context = context(o, false);
        Random random = new Random(o.integer("seed", 1));
        int succeeded = 0;
        Set<String> negotiated = new java.util.TreeSet<>();
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("ok", "false");
            fields.put("index", String.valueOf(i));
            long t0 = System.nanoTime();
            long t0Millis = System.currentTimeMillis();
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(timeoutMs);
                socket.connect(new InetSocketAddress(host, port), timeoutMs);
                socket.setEnabledProtocols(new String[] {PROTOCOL});
                socket.setEnabledCipherSuites(rotate ? turn(suites, i) : suites);
                socket.startHandshake();
                SSLSession session = socket.getSession();
                describe(session, fields, t0Millis);
                fields.put("server", peerSubject(session));
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                byte[] payload = fixed != null ? fixed : new byte[size];
                byte[] echo = new byte[payload.length];
                for (int c = 0; c < count; c++) {
                    if (fixed == null) {
                        random.nextBytes(payload);
                    }
                    out.write(payload);
                    out.flush();
                    readFully(in, echo);
                    if (!MessageDigest.isEqual(payload, echo)) {
                        throw new IOException("echo " + c + " differs from what was sent (" + payload.length
                                + " bytes)");
                    }
                }
                fields.put("bytes", String.valueOf((long) payload.length * count));
                if (!resume) {
                    session.invalidate();
                }
                fields.put("ok", "true");
                negotiated.add(session.getCipherSuite());
                succeeded++;
            } catch (Exception e) {
                fields.put("error", oneLine(e));
                e.printStackTrace(); // stderr: the test shows it when the run fails
            }
            fields.put("ms", String.valueOf((System.nanoTime() - t0) / 1_000_000));
            out("CONN", fields);
        }
        boolean ok = succeeded == connections;
        out("RESULT", "ok", String.valueOf(ok), "connections", String.valueOf(connections), "succeeded",
                String.valueOf(succeeded), "failed", String.valueOf(connections - succeeded), "suites",
                String.join(",", negotiated), "ms", String.valueOf((System.nanoTime() - start) / 1_000_000));
        return ok ? 0 : EXIT_FAILED;
    }

    /** Connection {@code i}'s one suite when rotating (the renegotiation SCSV, if listed, always goes along). */
    private static String[] turn(String[] suites, int i) {
        List<String> real = Arrays.stream(suites).filter(s -> !s.equals(EMPTY_RENEGOTIATION_SCSV)).toList();
        String one = real.get(i % real.size());
        return real.size() == suites.length ? new String[] {one} : new String[] {one, EMPTY_RENEGOTIATION_SCSV};
    }

    private static void readFully(InputStream in, byte[] into) throws IOException {
        int off = 0;
        while (off < into.length) {
            int n = in.read(into, off, into.length - off);
            if (n < 0) {
                throw new EOFException("server closed after " + off + " of " + into.length + " echoed bytes");
            }
            off += n;
        }
    }

    // ---- shared -------------------------------------------------------------------------------------------------

    private static void describe(SSLSession session, Map<String, String> fields, long connectionStartMillis) {
        fields.put("protocol", session.getProtocol());
        fields.put("suite", session.getCipherSuite());
        fields.put("session", HexFormat.of().formatHex(session.getId()));
        // A session resumed by its ID (TLCP has no tickets) was created before this connection began.
        fields.put("resumed", String.valueOf(session.getCreationTime() < connectionStartMillis));
    }

    private static String peerSubject(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return "none";
        }
    }

    /**
     * An SSLContext "GMTLS" of BGMProvider. BGMProvider goes first in the provider list of this process (a peer
     * process of its own): the JDK parses certificates with its own code and then asks the provider list for an "EC"
     * KeyFactory, which only BGMProvider's knows the SM2 curve for.
     */
    private static SSLContext context(Options o, boolean server) throws Exception {
        if (o.get("hello", "default").equals("minimal")) {
            // Read once by the JSSE code when it first loads; must be set before the provider is used.
            System.setProperty("jdk.tls.namedGroups", "secp256r1");
        }
        java.security.Provider bgm = (java.security.Provider) Class.forName("org.openeuler.BGMProvider")
                .getDeclaredConstructor().newInstance();
        Security.insertProviderAt(bgm, 1);
        char[] password = new char[16];
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        KeyManager[] keyManagers = null;
        List<X509Certificate> chain = o.has("chain") ? certificates(o.path("chain")) : List.of();
        if (server && !o.has("enc-key")) {
            throw new IllegalArgumentException("a TLCP server needs --enc-key and --enc-cert as well");
        }
        if (o.has("sign-key")) {
            // Double certificates: two key entries in one key store; BGM's key manager tells them apart by key usage.
            KeyStore keys = KeyStore.getInstance("PKCS12", bgm);
            keys.load(null, null);
            keys.setKeyEntry("sign", privateKey(o.path("sign-key")), password,
                    with(certificates(o.path("sign-cert")).get(0), chain));
            if (o.has("enc-key")) {
                keys.setKeyEntry("enc", privateKey(o.path("enc-key")), password,
                        with(certificates(o.path("enc-cert")).get(0), chain));
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("NewSunX509", bgm);
            kmf.init(keys, password);
            keyManagers = kmf.getKeyManagers();
        } else if (server) {
            throw new IllegalArgumentException("a server needs --sign-key, --sign-cert, --enc-key and --enc-cert");
        }
        KeyStore anchors = KeyStore.getInstance("PKCS12", bgm);
        anchors.load(null, null);
        int i = 0;
        for (X509Certificate ca : certificates(o.path("trust"))) {
            anchors.setCertificateEntry("ca" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", bgm);
        tmf.init(anchors);
        SSLContext context = SSLContext.getInstance(PROTOCOL, bgm);
        context.init(keyManagers, tmf.getTrustManagers(), null);
        Arrays.fill(password, '\0');
        return context;
    }

    private static Certificate[] with(X509Certificate leaf, List<X509Certificate> chain) {
        List<Certificate> all = new ArrayList<>();
        all.add(leaf);
        all.addAll(chain);
        return all.toArray(new Certificate[0]);
    }

    private static List<X509Certificate> certificates(Path file) throws Exception {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        List<X509Certificate> list = new ArrayList<>();
        for (byte[] der : pem(file, "CERTIFICATE")) {
            list.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(der)));
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no PEM CERTIFICATE");
        }
        return list;
    }

    private static PrivateKey privateKey(Path file) throws Exception {
        List<byte[]> keys = pem(file, "PRIVATE KEY");
        if (keys.size() != 1) {
            throw new IllegalArgumentException(file + " must hold exactly one unencrypted PKCS#8 PEM PRIVATE KEY");
        }
        byte[] der = keys.get(0);
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static List<byte[]> pem(Path file, String label) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        List<byte[]> blocks = new ArrayList<>();
        for (int from = text.indexOf(begin); from >= 0; from = text.indexOf(begin, from)) {
            int to = text.indexOf(end, from);
            if (to < 0) {
                throw new IllegalArgumentException(file + ": '" + begin + "' without its END line");
            }
            blocks.add(Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to)));
            from = to + end.length();
        }
        return blocks;
    }

    /** One line on stdout: KIND then tab-separated key=value fields (values never hold tabs or line breaks). */
    private static void out(String kind, String... keyValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            fields.put(keyValues[i], keyValues[i + 1]);
        }
        out(kind, fields);
    }

    private static void out(String kind, Map<String, String> fields) {
        StringBuilder b = new StringBuilder(kind);
        fields.forEach((k, v) -> b.append('\t').append(k).append('=').append(clean(v)));
        synchronized (System.out) {
            System.out.println(b);
            System.out.flush();
        }
    }

    private static String clean(String v) {
        return v == null ? "" : v.replaceAll("[\\t\\r\\n]+", " ");
    }

    private static String oneLine(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append(" <- ").append(c);
        }
        return b.toString();
    }

    /** {@code --name value} pairs. */
    private record Options(Map<String, String> values) {
        static Options parse(String[] args) {
            Map<String, String> v = new HashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
                }
                v.put(args[i].substring(2), args[i + 1]);
            }
            return new Options(v);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String get(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        Path path(String name) {
            String v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("--" + name + " FILE is required");
            }
            return Path.of(v);
        }

        int integer(String name, int fallback) {
            String v = values.get(name);
            try {
                return v == null ? fallback : Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a number, not '" + v + "'");
            }
        }

        String[] list(String name) {
            String v = values.get(name);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("--" + name + " A,B,... is required");
            }
            List<String> items = new ArrayList<>(Arrays.asList(v.split(",")));
            if (get("hello", "default").equals("minimal") && name.equals("suites")
                    && !items.contains(EMPTY_RENEGOTIATION_SCSV)) {
                items.add(EMPTY_RENEGOTIATION_SCSV);
            }
            return items.toArray(new String[0]);
        }
    }
}
