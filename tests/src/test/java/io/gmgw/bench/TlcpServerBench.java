package io.gmgw.bench;

import com.sun.management.OperatingSystemMXBean;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.key.KeyHandle;
import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2KeyExchange;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.TlcpSessionCache;
import io.gmgw.sslvpn.tlcp.handshake.KeySchedule;
import io.gmgw.sslvpn.tlcp.message.ServerKeyExchange;
import io.gmgw.sslvpn.tlcp.netty.TlcpEchoServer;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandshakeCompletionEvent;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.record.ContentType;
import io.gmgw.sslvpn.tlcp.record.RecordCipher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import javax.management.ObjectName;

/**
 * TLCP server cost, measured on the server's side of a real loopback connection with the load in another JVM
 * ({@link TlcpLoadClient}, same class path). In one run: CPU per full handshake (E013 one-way, E011 mutual) and per
 * resumed handshake, against the SM2 operations that handshake performs, timed in this JVM with the same keys; bulk
 * echo over one connection (E013, E053), the server's CPU per MB against the raw record cipher work for the same
 * bytes; heap per idle established connection. Prints a markdown table for docs/benchmarks.md.
 *
 * <p>Run: {@code ./mvnw -Pbench-tlcp -pl tests -am package -DskipTests [-Dtlcp.args="handshakes=2000 ..."]}.
 * Options, as {@code name=value} or {@code --name value} (defaults in {@link Options#defaults()}): warmup,
 * warmup-seconds, handshakes, resumed, concurrency, bulk-mib, bulk-warmup-mib, idle, op-millis, bgm (1: also measure
 * BGMProvider's server).
 */
public final class TlcpServerBench {
    private static final double MB = 1e6;

    /** How much of everything. */
    record Options(int warmup, int warmupSeconds, int handshakes, int resumed, int concurrency, int bulkMib,
            int bulkWarmupMib, int idle, int opMillis, int bgm, int chunk, int window) {
        static Options defaults() {
            return new Options(500, 90, 1000, 3000, 2, 256, 64, 2000, 3000, 1, 16 * 1024, 1 << 20);
        }

        static Options parse(String[] args) {
            Map<String, Integer> v = new LinkedHashMap<>();
            Options d = defaults();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value;
                if (a.contains("=")) {
                    value = a.substring(a.indexOf('=') + 1);
                    a = a.substring(0, a.indexOf('='));
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                v.put(a.startsWith("--") ? a : "--" + a, Integer.parseInt(value));
            }
            for (String k : v.keySet()) {
                if (!List.of("--warmup", "--warmup-seconds", "--handshakes", "--resumed", "--concurrency", "--bulk-mib",
                        "--bulk-warmup-mib", "--idle", "--op-millis", "--bgm").contains(k)) {
                    throw new IllegalArgumentException("unknown option " + k + "; known: --warmup --warmup-seconds"
                            + " --handshakes --resumed --concurrency --bulk-mib --bulk-warmup-mib --idle --op-millis --bgm");
                }
            }
            return new Options(v.getOrDefault("--warmup", d.warmup),
                    v.getOrDefault("--warmup-seconds", d.warmupSeconds), v.getOrDefault("--handshakes", d.handshakes),
                    v.getOrDefault("--resumed", d.resumed), v.getOrDefault("--concurrency", d.concurrency),
                    v.getOrDefault("--bulk-mib", d.bulkMib), v.getOrDefault("--bulk-warmup-mib", d.bulkWarmupMib),
                    v.getOrDefault("--idle", d.idle), v.getOrDefault("--op-millis", d.opMillis),
                    v.getOrDefault("--bgm", d.bgm), d.chunk, d.window);
        }
    }

    /**
     * CPU of the whole server process and of its one event-loop thread over a span, and the process's CPU by kind of
     * thread (Linux /proc, 10 ms ticks; empty elsewhere): Netty (event loops, acceptor), GC, JIT, other.
     */
    record Cpu(long processNanos, long loopNanos, Map<String, Long> byKind) {
        /** Process CPU less the JIT compiler threads' (compilation is warm-up, not the server's work). */
        long withoutJitNanos() {
            // /proc counts in 10 ms ticks: over a short span the subtraction may undershoot the event loop's own CPU
            return Math.max(loopNanos, processNanos - byKind.getOrDefault("JIT", 0L));
        }

        String breakdown(double per, String unit) {
            if (byKind.isEmpty()) {
                return "";
            }
            List<String> parts = new ArrayList<>();
            byKind.forEach((k, v) -> parts.add("%s %.2f".formatted(k, v / 1e6 / per)));
            return String.join(", ", parts) + " " + unit;
        }
    }

    /**
     * A measured batch of handshakes; {@code sm2Nanos} and {@code sm2Operations} are what the server's timed key
     * handles ({@link TimedKeyHandle}) counted during it (zero when its keys were not timed).
     */
    record Handshakes(String name, int count, Cpu cpu, long clientWallNanos, long sm2Nanos, long sm2Operations) {
        Handshakes(String name, int count, Cpu cpu, long clientWallNanos) {
            this(name, count, cpu, clientWallNanos, 0, 0);
        }

        /** SM2 CPU per handshake where the server performed it, in ms. */
        double sm2Ms() {
            return sm2Nanos / 1e6 / count;
        }

        double processMs() {
            return cpu.processNanos / 1e6 / count;
        }

        double loopMs() {
            return cpu.loopNanos / 1e6 / count;
        }
    }

    record Bulk(CipherSuite suite, long bytes, Cpu cpu, long wallNanos, double rawNanosPerMb) {
        double processMsPerMb() {
            return cpu.processNanos / 1e6 / (bytes / MB);
        }

        double loopMsPerMb() {
            return cpu.loopNanos / 1e6 / (bytes / MB);
        }

        double wallMbPerS() {
            return bytes / MB / (wallNanos / 1e9);
        }
    }

    /** Bytes per idle connection: slope over the second half, and average over all (used heap; histogram). */
    record Heap(int connections, double usedSlope, double histogramSlope, double usedAverage, double histogramAverage,
            List<String> topClasses) {
    }

    private final Options options;
    private final CryptoModule module = CryptoModule.start();
    private final BenchPki pki = BenchPki.create(module);
    private final TlcpCredentials credentials = pki.serverCredentials(module);
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final AtomicLong loopThread = new AtomicLong(-1);
    private final Map<String, Double> opMs = new LinkedHashMap<>();
    private final Map<String, String> warmups = new LinkedHashMap<>();
    private long e013WarmupNanos;
    private LoadClient client;
    private TlcpEchoServer server;
    private Path dir;

    TlcpServerBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        String report = new TlcpServerBench(o).run();
        System.out.println();
        System.out.println(report);
    }

    /** Runs everything and returns the markdown report. */
    String run() throws Exception {
        dir = Files.createTempDirectory("gmgw-tlcp-bench");
        try {
            pki.writeClientFiles(dir);
            try (LoadClient c = LoadClient.start()) {
                this.client = c;
                c.call("init " + dir);
                return measure();
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private String measure() throws Exception {
        TlcpSessionCache cache = TlcpSessionCache.defaults(module.clock());
        // The live server's keys are timed (what its SM2 operations cost where it performs them); the engine-alone
        // measurement runs the same configuration with the keys untimed.
        TlcpConfig oneWay = TlcpConfig.server(module, timed(credentials)).sessionCache(cache).build();
        TlcpConfig oneWayUntimed = TlcpConfig.server(module, credentials)
                .sessionCache(TlcpSessionCache.defaults(module.clock())).build();
        TlcpConfig mutual = mutualServer(pki.verifier(module), true);

        progress("E013 one-way full handshakes");
        startServer(oneWay);
        Handshakes e013 = handshakes("E013", "oneway", "full", options.handshakes);
        double e013Ops = time("E013 one-way server SM2 operations", e013OneWayOps());
        Engine e013Engine = engineOnly("E013 one-way server engine alone", oneWayUntimed, CipherSuite.ECC_SM4_CBC_SM3,
                false,
                e013OneWayOps());
        progress("TCP connections alone (E013 one-way exchanges, no TLCP)");
        Handshakes plain = plainConnections(flights(oneWay), options.handshakes);
        progress("E013 resumed handshakes");
        Handshakes resumed = handshakes("E013", "oneway", "resume", options.resumed);
        progress("bulk");
        Bulk bulkCbc = bulk(CipherSuite.ECC_SM4_CBC_SM3);
        Bulk bulkGcm = bulk(CipherSuite.ECC_SM4_GCM_SM3);
        progress("idle connections");
        Heap heap = idle();
        stopServer();

        progress("E011 mutual full handshakes");
        startServer(mutual);
        Handshakes e011 = handshakes("E011", "mutual", "full", options.handshakes);
        double e011Ops = time("E011 mutual server SM2 operations", e011MutualOps(false));
        Engine e011Engine = engineOnly("E011 mutual server engine alone", mutual, CipherSuite.ECDHE_SM4_CBC_SM3, true,
                e011MutualOps(false));
        stopServer();

        progress("E011 mutual full handshakes, every certificate signature verified");
        startServer(mutualServer(pki.verifier(module).toBuilder().verifiedSignatureCache(0).build(), false));
        Handshakes e011Fresh = handshakes("E011", "mutual", "full", options.handshakes);
        double e011FreshOps = time("E011 mutual server SM2 operations, certificates included", e011MutualOps(true));
        stopServer();
        singleOps();
        Bgm bgm = options.bgm != 0 ? bgm() : new Bgm(null, null, "not asked for (bgm=0)");
        return report(e013, e013Ops, e013Engine, e011, e011Ops, e011Engine, e011Fresh, e011FreshOps, resumed, plain,
                bulkCbc, bulkGcm, heap)
                + bgm.report(e013, bulkGcm);
    }

    /** The same credentials with signing and decryption timed by {@link TimedKeyHandle}. */
    private static TlcpCredentials timed(TlcpCredentials c) {
        return new TlcpCredentials(new TimedKeyHandle(c.signingKey()), c.signingCertificate(),
                new TimedKeyHandle(c.encryptionKey()), c.encryptionCertificate(), c.chain());
    }

    /**
     * A server requiring a client certificate pair, checked by {@code verifier}, with its own session cache; with
     * {@code parsedCertificates} it keeps the clients' certificates parsed (the default), without it parses every one
     * of every handshake, as for clients it has never seen.
     */
    private TlcpConfig mutualServer(io.gmgw.crypto.pki.CertificateVerifier verifier, boolean parsedCertificates) {
        return TlcpConfig.server(module, credentials).sessionCache(TlcpSessionCache.defaults(module.clock()))
                // without CRLs, as the runs in docs/benchmarks.md were measured
                .clientAuth(ClientAuth.NEED).clientVerifier(verifier).withoutClientRevocationCheck()
                .peerCertificateCache(parsedCertificates ? io.gmgw.crypto.pki.CertificateCache.DEFAULT_CAPACITY : 0)
                .build();
    }

    /** BGMProvider's server under the same load: its process CPU per E013 handshake and per MB of E053 echo. */
    record Bgm(io.gmgw.interop.tlcp.ServerStats handshakes, io.gmgw.interop.tlcp.ServerStats bulk, String why) {
        String report(Handshakes gmgwE013, Bulk gmgwE053) {
            if (handshakes == null) {
                return "\nBGMProvider's server not measured: " + why + ".\n";
            }
            double bgmHs = handshakes.cpuMillisPerHandshake();
            double bgmMb = bulk.cpuNanos() / 1e6 / (bulk.bytes() / MB);
            return ("\nBGMProvider 1.1.4's server (JDK 17, its own process, the harness's `BgmPeer`), same PKI, same load"
                    + " client and concurrency, its whole process's CPU (JIT and GC included) from its STATS: E013 one-way"
                    + " %.2f ms per handshake (%d handshakes) against gmgw's %.2f ms (process column): gmgw uses %.2f × less;"
                    + " E053 echo %.2f ms/MB (%d MiB) against gmgw's %.2f ms/MB: %.2f × less.\n").formatted(bgmHs,
                            handshakes.handshakes(), gmgwE013.processMs(), bgmHs / gmgwE013.processMs(), bgmMb,
                            bulk.bytes() >> 20, gmgwE053.processMsPerMb(), bgmMb / gmgwE053.processMsPerMb());
        }
    }

    /**
     * Starts BGMProvider's TLCP server with this run's server certificates and drives it as gmgw's was driven: E013
     * one-way handshakes (after a fixed warm-up of five batches, since its JIT cannot be watched from here), then an
     * E053 echo of a quarter of the bulk size. Where the peer cannot run, says why instead.
     */
    private Bgm bgm() throws IOException {
        progress("BGMProvider server, same load");
        io.gmgw.interop.tlcp.TlcpParty party = pki.writeServerFiles(dir);
        try {
            io.gmgw.interop.tlcp.BgmPeer.require();
        } catch (RuntimeException | AssertionError e) {
            return new Bgm(null, null, String.valueOf(e.getMessage()));
        }
        var config = io.gmgw.interop.tlcp.BgmPeer.ServerConfig.of(party, dir.resolve("root.pem"))
                .withSuites(io.gmgw.interop.tlcp.TlcpSuite.ECC_SM4_CBC_SM3, io.gmgw.interop.tlcp.TlcpSuite.ECC_SM4_GCM_SM3);
        try (io.gmgw.interop.tlcp.BgmPeer.Server bgm = io.gmgw.interop.tlcp.BgmPeer.startServer(config)) {
            String warm = "handshakes %d E013 oneway full %d %d".formatted(bgm.port(), Math.max(1, options.warmup),
                    options.concurrency);
            // Its JIT cannot be watched from here: at least five batches and as much wall time as gmgw's E013 warm-up.
            long began = System.nanoTime();
            int batches = 0;
            do {
                client.call(warm);
                batches++;
            } while (options.warmup > 0 && (batches < 5 || System.nanoTime() - began < e013WarmupNanos));
            warmups.put("BGMProvider E013", "%d batches in %.0f s".formatted(batches, (System.nanoTime() - began) / 1e9));
            bgm.resetStats();
            client.call("handshakes %d E013 oneway full %d %d".formatted(bgm.port(), options.handshakes,
                    options.concurrency));
            var hs = bgm.stats();
            if (hs.handshakes() != options.handshakes || hs.failed() != 0) {
                throw new IllegalStateException("BGMProvider's server counted " + hs.handshakes() + " handshakes and "
                        + hs.failed() + " failures, expected " + options.handshakes);
            }
            client.call("bulk-open %d E053".formatted(bgm.port()));
            long warmBytes = Math.max(1L << 20, ((long) options.bulkWarmupMib << 20) / 4);
            client.call("bulk-run %d %d %d".formatted(warmBytes, options.chunk, options.window));
            bgm.resetStats();
            long bytes = Math.max(1L << 20, ((long) options.bulkMib << 20) / 4);
            client.call("bulk-run %d %d %d".formatted(bytes, options.chunk, options.window));
            var bulk = bgm.stats();
            client.call("bulk-close");
            if (bulk.bytes() != bytes) {
                throw new IllegalStateException("BGMProvider's server echoed " + bulk.bytes() + " bytes, not " + bytes);
            }
            return new Bgm(hs, bulk, null);
        }
    }

    /** Hands {@code engine} everything queued for it, in order; the number of bytes delivered. */
    private static int deliver(java.util.ArrayDeque<byte[]> queue, io.gmgw.sslvpn.tlcp.engine.TlcpEngine engine) {
        int bytes = 0;
        while (!queue.isEmpty()) {
            byte[] b = queue.poll();
            bytes += b.length;
            engine.receive(b, 0, b.length);
        }
        return bytes;
    }

    /**
     * The bytes each side writes in an E013 one-way connection (handshake, then close_notify both ways), flight by
     * flight: [client flights, server flights], from an in-memory handshake with the same server configuration.
     */
    private int[][] flights(TlcpConfig serverConfig) {
        TlcpConfig clientConfig = inMemoryClient(CipherSuite.ECC_SM4_CBC_SM3, false);
        java.util.ArrayDeque<byte[]> toServer = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<byte[]> toClient = new java.util.ArrayDeque<>();
        io.gmgw.sslvpn.tlcp.engine.TlcpEngine c = io.gmgw.sslvpn.tlcp.engine.TlcpEngine.client(clientConfig,
                new EngineSide(toServer, () -> { }), null);
        io.gmgw.sslvpn.tlcp.engine.TlcpEngine srv = io.gmgw.sslvpn.tlcp.engine.TlcpEngine.server(serverConfig,
                new EngineSide(toClient, () -> { }));
        int[] requests = new int[3];
        int[] responses = new int[3];
        c.start();
        for (int i = 0; i < 3; i++) {
            if (i == 2) {
                c.closeOutbound();
            }
            requests[i] += deliver(toServer, srv);
            if (i == 2) {
                srv.closeOutbound();
            }
            responses[i] += deliver(toClient, c);
        }
        c.close();
        srv.close();
        return new int[][] {requests, responses};
    }

    /** COUNT plain TCP connections with the given exchanges ({@link PlainExchange}), measured as handshakes are. */
    private Handshakes plainConnections(int[][] flights, int count) throws Exception {
        String sizes = PlainExchange.sizes(flights[0]) + " " + PlainExchange.sizes(flights[1]);
        progress("exchanges, bytes client -> server / server -> client: " + sizes.replace(" ", " / "));
        try (PlainExchange.Server plain = new PlainExchange.Server(flights[0], flights[1])) {
            String warm = "plain %d %d %d %s".formatted(plain.port(), Math.max(1, options.warmup * 3),
                    options.concurrency, sizes);
            warmUntilJitQuiet("TCP alone", () -> client.call(warm));
            long tlcpLoop = loopThread.getAndSet(plain.loopThread.get());
            long before = plain.completed.get();
            Cpu start = cpuNow();
            String reply = client.call("plain %d %d %d %s".formatted(plain.port(), count, options.concurrency, sizes));
            Cpu cpu = since(start, cpuNow());
            loopThread.set(tlcpLoop);
            if (plain.completed.get() - before != count) {
                throw new IllegalStateException("the plain server completed " + (plain.completed.get() - before)
                        + " exchanges, expected " + count);
            }
            return new Handshakes("TCP alone", count, cpu, Long.parseLong(reply.strip()));
        }
    }

    private static void progress(String what) {
        System.err.println("[tlcp-bench] " + what);
    }

    private void startServer(TlcpConfig config) throws InterruptedException {
        loopThread.set(-1);
        server = TlcpEchoServer.start(config, new InetSocketAddress("127.0.0.1", 0), 1, new TlcpEchoServer.Observer() {
            @Override
            public void handshake(SocketAddress peer, TlcpHandshakeCompletionEvent outcome) {
                loopThread.compareAndSet(-1, Thread.currentThread().threadId());
            }

            @Override
            public void closed(SocketAddress peer) {
            }
        });
    }

    private void stopServer() {
        server.close();
        server = null;
    }

    private Cpu cpuNow() {
        long id = loopThread.get();
        return new Cpu(os.getProcessCpuTime(), id < 0 ? 0 : threads.getThreadCpuTime(id), cpuByKind());
    }

    private static Cpu since(Cpu start, Cpu end) {
        Map<String, Long> kinds = new LinkedHashMap<>();
        end.byKind.forEach((k, v) -> kinds.put(k, v - start.byKind.getOrDefault(k, 0L)));
        return new Cpu(end.processNanos - start.processNanos, end.loopNanos - start.loopNanos, kinds);
    }

    /** CPU so far of this process's threads by kind, from /proc/self/task/{tid}/stat (utime + stime, in ticks). */
    private static Map<String, Long> cpuByKind() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String kind : List.of("Netty threads", "GC and VM", "JIT", "other")) {
            out.put(kind, 0L);
        }
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return Map.of();
        }
        try (var dirs = Files.list(tasks)) {
            for (Path task : dirs.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat(5)
                String kind = name.startsWith("multiThreadIo") ? "Netty threads"
                        : name.startsWith("C1 ") || name.startsWith("C2 ") ? "JIT"
                        : name.startsWith("G1 ") || name.startsWith("GC ") || name.startsWith("VM ") ? "GC and VM"
                        : "other";
                out.merge(kind, ticks * 10_000_000L, Long::sum); // USER_HZ is 100 on Linux
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    private Handshakes handshakes(String suite, String auth, String kind, int count) throws IOException {
        long failuresBefore = server.failures();
        // The warm-up also tells which thread is the event loop (at least one handshake is needed for that).
        int warmup = Math.max(1, kind.equals("resume") ? options.warmup * 3 : options.warmup);
        String warm = "handshakes %d %s %s %s %d %d".formatted(server.port(), suite, auth, kind, warmup,
                options.concurrency);
        warmUntilJitQuiet(suite + " " + auth + " " + kind, () -> client.call(warm));
        long handshakesBefore = server.handshakes();
        long sm2Before = TimedKeyHandle.NANOS.sum();
        long sm2OpsBefore = TimedKeyHandle.OPERATIONS.sum();
        Cpu start = cpuNow();
        String[] reply = client.call("handshakes %d %s %s %s %d %d".formatted(server.port(), suite, auth, kind, count,
                options.concurrency)).split(" ");
        Cpu cpu = since(start, cpuNow());
        long sm2 = TimedKeyHandle.NANOS.sum() - sm2Before;
        long sm2Ops = TimedKeyHandle.OPERATIONS.sum() - sm2OpsBefore;
        long done = server.handshakes() - handshakesBefore;
        int resumedCount = Integer.parseInt(reply[1]);
        int expected = kind.equals("resume") ? count + 1 : count; // resume: one full handshake first
        if (done != expected || server.failures() != failuresBefore) {
            throw new IllegalStateException("the server counted " + done + " handshakes (expected " + expected + ") and "
                    + (server.failures() - failuresBefore) + " failures");
        }
        if (kind.equals("resume") && resumedCount != count) {
            throw new IllegalStateException("only " + resumedCount + " of " + count + " handshakes were resumed");
        }
        return new Handshakes(suite + " " + auth + " " + kind, count, cpu, Long.parseLong(reply[0]), sm2, sm2Ops);
    }

    /** One warm-up batch of load. */
    @FunctionalInterface
    private interface Batch {
        void run() throws IOException;
    }

    /**
     * Runs warm-up batches until the JIT compiler threads used under 3 % of the process's CPU during one, or until
     * {@code warmup-seconds} have passed, so that the measured code is compiled code and compilation is not counted as
     * the server's work. On the 2-core machine of the results, C2 takes about a minute of wall time to finish with the
     * handshake paths (single compilations of a second each, Bouncy Castle's curve arithmetic inlined deep), so a
     * fixed few batches measured a JVM still compiling. What each warm-up took is reported.
     */
    private void warmUntilJitQuiet(String what, Batch batch) throws IOException {
        long began = System.nanoTime();
        long budget = options.warmup > 0 ? options.warmupSeconds * 1_000_000_000L : 0; // warmup=0: one batch
        double lastJit = 0;
        int i = 0;
        do {
            i++;
            Cpu start = cpuNow();
            batch.run();
            Cpu cpu = since(start, cpuNow());
            long jit = cpu.byKind.getOrDefault("JIT", 0L);
            lastJit = cpu.processNanos == 0 ? 0 : 100.0 * jit / cpu.processNanos;
            if (cpu.byKind.isEmpty() || lastJit < 3) {
                break;
            }
            if (i % 10 == 1) {
                progress("%s: warm-up batch %d, JIT still %.0f %% of the CPU".formatted(what, i, lastJit));
            }
        } while (System.nanoTime() - began < budget);
        long took = System.nanoTime() - began;
        if (what.equals("E013 oneway full")) {
            e013WarmupNanos = took;
        }
        warmups.put(warmups.containsKey(what) ? what + " (first-time clients' server)" : what,
                "%d batches in %.0f s, JIT %.0f %% in the last".formatted(i, took / 1e9, lastJit));
    }

    private Bulk bulk(CipherSuite suite) throws IOException {
        client.call("bulk-open %d %s".formatted(server.port(), suite.hexId()));
        if (options.bulkWarmupMib > 0) {
            String warm = "bulk-run %d %d %d".formatted((long) options.bulkWarmupMib << 20, options.chunk,
                    options.window);
            warmUntilJitQuiet(suite.hexId() + " bulk", () -> client.call(warm));
        }
        long bytes = (long) options.bulkMib << 20;
        long echoedBefore = server.bytesEchoed();
        Cpu start = cpuNow();
        long wall = Long.parseLong(client.call("bulk-run %d %d %d".formatted(bytes, options.chunk, options.window)));
        Cpu cpu = since(start, cpuNow());
        if (server.bytesEchoed() - echoedBefore != bytes) {
            throw new IllegalStateException("the server echoed " + (server.bytesEchoed() - echoedBefore) + " bytes, not "
                    + bytes);
        }
        client.call("bulk-close");
        return new Bulk(suite, bytes, cpu, wall, rawRecordNanosPerMb(suite));
    }

    /**
     * CPU per MB of what the server's record layer must do at the least for each echoed record: open one 16 KiB
     * record and seal one, with the suite's {@link RecordCipher}s, in this thread.
     */
    private double rawRecordNanosPerMb(CipherSuite suite) {
        KeySchedule keys = new KeySchedule(module);
        byte[] keyBlock = new byte[suite.keyBlockLength()];
        module.random().nextBytes(keyBlock);
        KeySchedule.TrafficCiphers clientSide = keys.ciphers(suite, keyBlock.clone());
        KeySchedule.TrafficCiphers serverSide = keys.ciphers(suite, keyBlock);
        int n = options.chunk;
        byte[] payload = new byte[n];
        module.random().nextBytes(payload);
        byte[] record = new byte[clientSide.clientWrite().maxSealedLength(n)];
        int recordLength = clientSide.clientWrite().seal(0, ContentType.APPLICATION_DATA, payload, 0, n, record, 0);
        byte[] plain = new byte[recordLength];
        byte[] sealed = new byte[serverSide.serverWrite().maxSealedLength(n)];
        RecordCipher open = serverSide.clientWrite();
        RecordCipher seal = serverSide.serverWrite();
        long[] seq = {0};
        IntConsumer work = iterations -> {
            for (int i = 0; i < iterations; i++) {
                if (open.open(0, ContentType.APPLICATION_DATA, record, 0, recordLength, plain) != n) {
                    throw new IllegalStateException("raw record open returned the wrong length");
                }
                seal.seal(seq[0]++, ContentType.APPLICATION_DATA, plain, 0, n, sealed, 0);
            }
        };
        double perRecord = time("raw " + suite.hexId() + " record open + seal", work);
        for (RecordCipher c : List.of(clientSide.clientWrite(), clientSide.serverWrite(), open, seal)) {
            c.destroy();
        }
        return perRecord * 1e6 / (n / MB);
    }

    /**
     * The thread CPU time in ms of one unit of {@code work}: warmed up for a third of the time budget, then run in
     * growing batches until the budget is spent.
     */
    private double time(String what, IntConsumer work) {
        long budget = options.opMillis * 1_000_000L;
        long warmEnd = System.nanoTime() + budget / 3;
        while (System.nanoTime() < warmEnd) {
            work.accept(1);
        }
        long units = 0;
        long cpu = 0;
        int batch = 1;
        long end = System.nanoTime() + budget;
        while (System.nanoTime() < end || units == 0) {
            long t0 = threads.getCurrentThreadCpuTime();
            work.accept(batch);
            cpu += threads.getCurrentThreadCpuTime() - t0;
            units += batch;
            batch = Math.min(batch * 2, 64);
        }
        double ms = cpu / 1e6 / units;
        progress("%s: %.3f ms".formatted(what, ms));
        return ms;
    }

    /** E013 one-way server: sign the ServerKeyExchange, decrypt the pre-master secret. */
    private IntConsumer e013OneWayOps() {
        Sm2 sm2 = module.sm2();
        byte[] userId = Sm2.defaultUserId();
        KeyHandle sign = credentials.signingKey();
        KeyHandle enc = credentials.encryptionKey();
        byte[] signed = ServerKeyExchange.eccSignedData(random(32), random(32), pki.serverEnc.encoded());
        byte[] preMaster = random(KeySchedule.MASTER_SECRET_LENGTH);
        byte[] ciphertext = sm2.encrypt(enc.publicKey(), preMaster);
        return n -> {
            for (int i = 0; i < n; i++) {
                sign.sign(signed, userId);
                if (enc.decrypt(ciphertext).length != preMaster.length) {
                    throw new IllegalStateException("decryption went wrong");
                }
            }
        };
    }

    /**
     * E011 mutual server: ephemeral key, sign the ServerKeyExchange, verify the client's CertificateVerify, agree; with
     * {@code firstTime}, also the four signatures on the client's two chains (signing leaf → CA, encryption leaf →
     * CA, CA → root for each), which the server's verifier performs only for certificates it has not verified before.
     * The client's keys are as the server holds them: for a returning client the key objects of the certificates it
     * keeps parsed (decoded once; Bouncy Castle keeps, per point, the tables its first verification built), for a
     * first-time client decoded afresh for each handshake, with the CA's key; the root is a long-lived trust anchor
     * object, as in the server's verifier.
     */
    private IntConsumer e011MutualOps(boolean firstTime) {
        Sm2 sm2 = module.sm2();
        byte[] userId = Sm2.defaultUserId();
        KeyHandle sign = credentials.signingKey();
        KeyHandle enc = credentials.encryptionKey();
        Sm2PublicKey clientEphemeral = sm2.keyExchange(Sm2KeyExchange.Role.RESPONDER, pki.clientEncKey, userId)
                .ephemeralPublicKey();
        byte[] clientRandom = random(32);
        byte[] serverRandom = random(32);
        byte[] caKey = pki.ca.publicKey().encoded();
        byte[] clientSignKey = pki.clientSign.publicKey().encoded();
        byte[] clientEncKey = pki.clientEnc.publicKey().encoded();
        Sm2PublicKey root = pki.root.publicKey();
        CertSignature signLeaf = new CertSignature(pki.clientSign);
        CertSignature encLeaf = new CertSignature(pki.clientEnc);
        CertSignature caCert = new CertSignature(pki.ca);
        byte[] handshakeHash = module.sm3().hash(random(64));
        byte[] certificateVerify = sm2.sign(pki.clientSignKey, handshakeHash, userId);
        Sm2PublicKey keptSign = Sm2PublicKey.fromEncoded(clientSignKey);
        Sm2PublicKey keptEnc = Sm2PublicKey.fromEncoded(clientEncKey);
        return n -> {
            for (int i = 0; i < n; i++) {
                Sm2KeyExchange kx = enc.keyExchange(Sm2KeyExchange.Role.INITIATOR, userId);
                byte[] point = kx.ephemeralPublicKey().encoded();
                sign.sign(ServerKeyExchange.ecdheSignedData(clientRandom, serverRandom,
                        ServerKeyExchange.ecdheParameters(point)), userId);
                Sm2PublicKey ca = firstTime ? Sm2PublicKey.fromEncoded(caKey) : null;
                Sm2PublicKey clientSign = firstTime ? Sm2PublicKey.fromEncoded(clientSignKey) : keptSign;
                boolean ok = !firstTime || sm2.verify(ca, signLeaf.tbs, signLeaf.signature, userId)
                        & sm2.verify(root, caCert.tbs, caCert.signature, userId)
                        & sm2.verify(ca, encLeaf.tbs, encLeaf.signature, userId)
                        & sm2.verify(root, caCert.tbs, caCert.signature, userId);
                ok &= sm2.verify(clientSign, handshakeHash, certificateVerify, userId);
                if (!ok) {
                    throw new IllegalStateException("a verification failed");
                }
                kx.agree(firstTime ? Sm2PublicKey.fromEncoded(clientEncKey) : keptEnc, clientEphemeral, userId,
                        KeySchedule.MASTER_SECRET_LENGTH);
            }
        };
    }

    /** The client of the in-memory handshakes: as the load client connects (SNI, the bench PKI's client pair). */
    private TlcpConfig inMemoryClient(CipherSuite suite, boolean mutual) {
        TlcpConfig.Builder b = TlcpConfig.client(module, pki.verifier(module)).suites(List.of(suite))
                .serverName("localhost", true);
        if (mutual) {
            b.credentials(pki.clientCredentials(module));
        }
        return b.build();
    }

    /**
     * The server engine alone, without sockets or Netty: per handshake, its CPU, and the CPU of the SM2 operations it
     * performs timed right after it on the same thread, so that both see the same caches and the same JIT state.
     */
    record Engine(double ms, double opsMs) {
        double ratio() {
            return ms / opsMs;
        }
    }

    /**
     * A client engine and a server engine back to back in this thread, only the server engine's calls timed, each
     * handshake followed by one run of {@code ops} (timed apart). What the Netty measurement adds on top of the engine
     * is the event loop, the system calls and the kernel's TCP work.
     */
    private Engine engineOnly(String what, TlcpConfig serverConfig, CipherSuite suite, boolean mutual, IntConsumer ops) {
        TlcpConfig clientConfig = inMemoryClient(suite, mutual);
        long[] cpu = {0, 0};
        IntConsumer work = n -> {
            for (int i = 0; i < n; i++) {
                java.util.ArrayDeque<byte[]> toServer = new java.util.ArrayDeque<>();
                java.util.ArrayDeque<byte[]> toClient = new java.util.ArrayDeque<>();
                boolean[] done = new boolean[2];
                io.gmgw.sslvpn.tlcp.engine.TlcpEngine c = io.gmgw.sslvpn.tlcp.engine.TlcpEngine.client(clientConfig,
                        new EngineSide(toServer, () -> done[0] = true), null);
                long t0 = threads.getCurrentThreadCpuTime();
                io.gmgw.sslvpn.tlcp.engine.TlcpEngine srv = io.gmgw.sslvpn.tlcp.engine.TlcpEngine.server(serverConfig,
                        new EngineSide(toClient, () -> done[1] = true));
                cpu[0] += threads.getCurrentThreadCpuTime() - t0;
                c.start();
                while (!toServer.isEmpty() || !toClient.isEmpty()) {
                    while (!toServer.isEmpty()) {
                        byte[] b = toServer.poll();
                        t0 = threads.getCurrentThreadCpuTime();
                        srv.receive(b, 0, b.length);
                        cpu[0] += threads.getCurrentThreadCpuTime() - t0;
                    }
                    deliver(toClient, c);
                }
                if (!done[0] || !done[1]) {
                    throw new IllegalStateException("the in-memory handshake did not complete");
                }
                c.close();
                srv.close();
                t0 = threads.getCurrentThreadCpuTime();
                ops.accept(1);
                cpu[1] += threads.getCurrentThreadCpuTime() - t0;
            }
        };
        work.accept(Math.max(1, options.warmup / 3));
        cpu[0] = 0;
        cpu[1] = 0;
        int count = Math.max(1, options.handshakes / 2);
        work.accept(count);
        Engine e = new Engine(cpu[0] / 1e6 / count, cpu[1] / 1e6 / count);
        progress("%s: %.3f ms, its SM2 operations between the handshakes %.3f ms".formatted(what, e.ms, e.opsMs));
        return e;
    }

    /** Collects one engine's output for the other; notes completion. */
    private record EngineSide(java.util.ArrayDeque<byte[]> out, Runnable complete)
            implements io.gmgw.sslvpn.tlcp.engine.TlcpEngine.Listener {
        @Override
        public void networkOutput(byte[] bytes) {
            out.add(bytes);
        }

        @Override
        public void applicationData(byte[] data, int off, int len) {
        }

        @Override
        public void handshakeComplete(io.gmgw.sslvpn.tlcp.TlcpSession session) {
            complete.run();
        }
    }

    /** The signed part of a certificate and its signature. */
    private record CertSignature(byte[] tbs, byte[] signature) {
        CertSignature(io.gmgw.crypto.pki.Sm2Certificate cert) {
            this(tbs(cert), cert.toHolder().getSignature());
        }

        private static byte[] tbs(io.gmgw.crypto.pki.Sm2Certificate cert) {
            try {
                return cert.toHolder().toASN1Structure().getTBSCertificate().getEncoded("DER");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Each SM2 operation alone, for the detail line. */
    private void singleOps() {
        Sm2 sm2 = module.sm2();
        byte[] userId = Sm2.defaultUserId();
        byte[] msg = random(600);
        byte[] sig = sm2.sign(pki.serverSignKey, msg, userId);
        byte[] ct = sm2.encrypt(pki.serverEnc.publicKey(), random(48));
        Sm2PublicKey clientEphemeral = sm2.keyExchange(Sm2KeyExchange.Role.RESPONDER, pki.clientEncKey, userId)
                .ephemeralPublicKey();
        KeyHandle sign = credentials.signingKey();
        KeyHandle enc = credentials.encryptionKey();
        opMs.put("sign", time("SM2 sign", n -> {
            for (int i = 0; i < n; i++) {
                sign.sign(msg, userId);
            }
        }));
        byte[] signKey = pki.serverSign.publicKey().encoded();
        opMs.put("verify (key decoded afresh)", time("SM2 verify", n -> {
            for (int i = 0; i < n; i++) {
                sm2.verify(Sm2PublicKey.fromEncoded(signKey), msg, sig, userId);
            }
        }));
        opMs.put("verify (same key object again)", time("SM2 verify, same key", n -> {
            Sm2PublicKey key = pki.serverSign.publicKey();
            for (int i = 0; i < n; i++) {
                sm2.verify(key, msg, sig, userId);
            }
        }));
        opMs.put("decrypt", time("SM2 decrypt", n -> {
            for (int i = 0; i < n; i++) {
                enc.decrypt(ct);
            }
        }));
        opMs.put("key exchange", time("SM2 key exchange (initiator)", n -> {
            for (int i = 0; i < n; i++) {
                Sm2KeyExchange kx = enc.keyExchange(Sm2KeyExchange.Role.INITIATOR, userId);
                kx.ephemeralPublicKey();
                kx.agree(pki.clientEnc.publicKey(), clientEphemeral, userId, KeySchedule.MASTER_SECRET_LENGTH);
            }
        }));
    }

    /**
     * Heap per idle connection two ways: the slope between {@code idle/2} and {@code idle} connections (one-time
     * growth, such as the session cache's table or lazily made structures, falls in the first half) and the plain
     * average over all of them; each from used heap after full collections and from the class histogram.
     */
    private Heap idle() throws Exception {
        int n = options.idle;
        int half = n / 2;
        Map<String, long[]> h0 = histogram();
        long m0 = settledHeap();
        long handshakesBefore = server.handshakes();
        int concurrency = Math.max(options.concurrency, 4);
        client.call("idle-open %d E013 %d %d".formatted(server.port(), half, concurrency));
        Map<String, long[]> h1 = histogram();
        long m1 = settledHeap();
        client.call("idle-open %d E013 %d %d".formatted(server.port(), n - half, concurrency));
        if (server.handshakes() - handshakesBefore != n) {
            throw new IllegalStateException("the server completed " + (server.handshakes() - handshakesBefore)
                    + " handshakes for " + n + " idle connections");
        }
        Map<String, long[]> h2 = histogram();
        long m2 = settledHeap();
        client.call("idle-close");
        int second = n - half;
        List<Map.Entry<String, Long>> deltas = new ArrayList<>();
        for (var e : h2.entrySet()) {
            if (!e.getKey().equals("Total")) {
                long b = h1.containsKey(e.getKey()) ? h1.get(e.getKey())[1] : 0;
                deltas.add(Map.entry(e.getKey(), e.getValue()[1] - b));
            }
        }
        deltas.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        List<String> top = new ArrayList<>();
        for (var e : deltas.subList(0, Math.min(12, deltas.size()))) {
            top.add("%s %,d B".formatted(e.getKey(), e.getValue() / second));
        }
        return new Heap(n, (double) (m2 - m1) / second, (double) (h2.get("Total")[1] - h1.get("Total")[1]) / second,
                (double) (m2 - m0) / n, (double) (h2.get("Total")[1] - h0.get("Total")[1]) / n, top);
    }

    /** Used heap after full collections, once two in a row agree within 0.5 %. */
    private static long settledHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            memory.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - last) < used / 200) {
                return used;
            }
            last = used;
        }
        return last;
    }

    /** The live-object class histogram (after a full GC) of this JVM: class → {instances, bytes}; "Total" too. */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length >= 3 && w[0].equals("Total")) {
                out.put("Total", new long[] {Long.parseLong(w[1]), Long.parseLong(w[2])});
            } else if (w.length >= 4 && w[0].endsWith(":")) {
                out.merge(w[3], new long[] {Long.parseLong(w[1]), Long.parseLong(w[2])},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        if (!out.containsKey("Total")) {
            throw new IllegalStateException("no Total line in the class histogram");
        }
        return out;
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        module.random().nextBytes(b);
        return b;
    }

    private String report(Handshakes e013, double e013Ops, Engine e013Engine, Handshakes e011, double e011Ops,
            Engine e011Engine, Handshakes e011Fresh, double e011FreshOps, Handshakes resumed, Handshakes plain,
            Bulk cbc, Bulk gcm, Heap heap) {
        StringBuilder s = new StringBuilder();
        s.append("TLCP server, %s UTC, JDK %s, %d cores; gmgw TlcpEchoServer with 1 event-loop thread, load from %s "
                .formatted(LocalDate.now(ZoneOffset.UTC), Runtime.version(), Runtime.getRuntime().availableProcessors(),
                        "a second JVM (TlcpLoadClient)"))
                .append(("(%d handshakes per kind after warm-up batches of %d until the JIT is quiet or %d s have passed;"
                        + " %d resumed; concurrency %d; bulk %d MiB in %d KiB ")
                        .formatted(options.handshakes, options.warmup, options.warmupSeconds, options.resumed,
                                options.concurrency,
                                options.bulkMib, options.chunk / 1024))
                .append("writes, %d KiB in flight; %d idle connections).\n\n".formatted(options.window / 1024,
                        heap.connections));
        s.append("| measurement | server process CPU | without JIT compilation | event-loop thread | reference, same run"
                + " | ratio (without JIT; thread) | goal | met |\n");
        s.append("| --- | ---: | ---: | ---: | --- | ---: | --- | --- |\n");
        handshakeRow(s, "E013 one-way full handshake", e013, "SM2 sign + decrypt: %.2f ms".formatted(e013Ops), e013Ops);
        handshakeRow(s, "E011 mutual full handshake, returning client (its certificates kept parsed, their signatures"
                + " remembered)", e011, ("SM2 sign + key exchange + CertificateVerify verification (client keys as"
                        + " kept): %.2f ms").formatted(e011Ops), e011Ops);
        handshakeRow(s, "E011 mutual full handshake, every certificate parsed and its signature verified (first-time"
                + " client)", e011Fresh, ("SM2 sign + key exchange + CertificateVerify verification + 4 certificate"
                        + " signature verifications (CA and client keys decoded afresh): %.2f ms")
                        .formatted(e011FreshOps), e011FreshOps);
        s.append(("| E013 resumed handshake (session ID) | %.3f ms | %.3f ms | %.3f ms | no SM2 operation"
                + " | — | — | — |\n")
                .formatted(resumed.processMs(), resumed.cpu.withoutJitNanos() / 1e6 / resumed.count, resumed.loopMs()));
        s.append(("| TCP connection alone: the same exchanges, no TLCP | %.3f ms | %.3f ms | %.3f ms | — | — | — | — |\n")
                .formatted(plain.processMs(), plain.cpu.withoutJitNanos() / 1e6 / plain.count, plain.loopMs()));
        netRow(s, "E013 one-way handshake beyond its TCP connection (full − TCP alone)", e013, plain, e013Ops);
        netRow(s, "E011 mutual handshake (returning client) beyond its TCP connection (full − TCP alone)", e011, plain,
                e011Ops);
        bulkRow(s, cbc);
        bulkRow(s, gcm);
        double kib = heap.usedSlope / 1024;
        s.append(("| heap per idle established connection (E013 one-way, session cache on; slope from %d to %d"
                + " connections) | %.2f KiB (used heap) | %.2f KiB (class histogram) | | Kona server 11.5 KiB"
                + " (GM-REFERENCE, other run) | %.2f | ≤ 8 KiB | %s |\n").formatted(heap.connections / 2,
                heap.connections, kib, heap.histogramSlope / 1024, kib / 11.5, kib <= 8 ? "yes" : "no"));
        s.append(("\nHandshake capacity of one core (1000 ÷ ms without JIT): E013 one-way %s/s, E011 mutual %s/s"
                + " (first-time clients %s/s),").formatted(perSecond(e013), perSecond(e011), perSecond(e011Fresh)))
                .append((" resumed %s/s. Client wall time per handshake (concurrency %d): E013 %.2f ms, E011 %.2f ms,"
                        + " resumed %.2f ms.\n").formatted(perSecond(resumed),
                                options.concurrency, e013.clientWallNanos / 1e6 / e013.count,
                                e011.clientWallNanos / 1e6 / e011.count, resumed.clientWallNanos / 1e6 / resumed.count));
        s.append(("\nThe server engine alone (sans-I/O, in memory, same keys; each handshake followed by its SM2"
                + " operations, timed apart on the same thread): E013 one-way %.2f ms = %.2f × its SM2 operations"
                + " (%.2f ms between the handshakes, %.2f ms in a tight loop: %.2f ×); E011 mutual, returning client"
                + " %.2f ms = %.2f × (%.2f ms; tight loop %.2f ms: %.2f ×). The rest of the process figure is Netty,"
                + " system calls, the kernel's loopback TCP and the JVM's own threads.\n").formatted(e013Engine.ms,
                e013Engine.ratio(), e013Engine.opsMs, e013Ops, e013Engine.ms / e013Ops, e011Engine.ms,
                e011Engine.ratio(), e011Engine.opsMs, e011Ops, e011Engine.ms / e011Ops));
        if (e013.sm2Operations > 0) {
            double insitu = e013.sm2Ms();
            double withoutJit = e013.cpu.withoutJitNanos() / 1e6 / e013.count;
            double beyondTcp = withoutJit - plain.cpu.withoutJitNanos() / 1e6 / plain.count;
            s.append(("\nThe SM2 operations where the server performs them (E013 one-way: sign and decrypt timed through its"
                    + " key handles in the event loop's CPU time during the measured handshakes, %d operations): %.3f ms"
                    + " per handshake, %.2f × the tight-loop reference (%.2f ms). Against them the handshake costs %.2f ×"
                    + " (without JIT), %.2f × on the event-loop thread, %.2f × beyond its TCP connection; the rest of the"
                    + " event loop's time per handshake: %.3f ms.\n").formatted(e013.sm2Operations, insitu,
                            insitu / e013Ops, e013Ops, withoutJit / insitu, e013.loopMs() / insitu, beyondTcp / insitu,
                            e013.loopMs() - insitu));
        }
        s.append(("\nServer process CPU by thread kind: E013 full %s; E011 mutual %s; resumed %s; E013 bulk %s;"
                + " E053 bulk %s.\n")
                .formatted(e013.cpu.breakdown(e013.count, "ms"), e011.cpu.breakdown(e011.count, "ms")
                        + " (first-time clients " + e011Fresh.cpu.breakdown(e011Fresh.count, "ms") + ")",
                        resumed.cpu.breakdown(resumed.count, "ms"), cbc.cpu.breakdown(cbc.bytes / MB, "ms/MB"),
                        gcm.cpu.breakdown(gcm.bytes / MB, "ms/MB")));
        List<String> warm = new ArrayList<>();
        warmups.forEach((k, v) -> warm.add(k + " " + v));
        s.append("\nWarm-up before each measurement: ").append(String.join("; ", warm)).append(".\n");
        s.append("\nSM2 operations alone, same run, ms each: ");
        List<String> ops = new ArrayList<>();
        opMs.forEach((k, v) -> ops.add("%s %.3f".formatted(k, v)));
        s.append(String.join(", ", ops)).append(".\n");
        s.append("\nHeap per idle connection averaged over all %d (fixed growth included): %.2f KiB used heap, %.2f KiB"
                .formatted(heap.connections, heap.usedAverage / 1024, heap.histogramAverage / 1024))
                .append(" class histogram. Largest shares per idle connection (class histogram, second half): ")
                .append(String.join("; ", heap.topClasses)).append(".\n");
        return s.toString();
    }

    private static String perSecond(Handshakes h) {
        long nanos = h.cpu.withoutJitNanos();
        return nanos <= 0 ? "—" : "%.0f".formatted(1e9 * h.count / nanos);
    }

    private static void handshakeRow(StringBuilder s, String name, Handshakes h, String reference, double refMs) {
        double withoutJit = h.cpu.withoutJitNanos() / 1e6 / h.count;
        double ratio = withoutJit / refMs;
        s.append("| %s | %.2f ms | %.2f ms | %.2f ms | %s | %.2f; %.2f | ≤ 1.2 | %s |\n".formatted(name, h.processMs(),
                withoutJit, h.loopMs(), reference, ratio, h.loopMs() / refMs, ratio <= 1.2 ? "yes" : "no"));
    }

    /** A full handshake less a plain TCP connection with the same exchanges, against the SM2 operations. */
    private static void netRow(StringBuilder s, String name, Handshakes h, Handshakes tcp, double refMs) {
        double withoutJit = h.cpu.withoutJitNanos() / 1e6 / h.count - tcp.cpu.withoutJitNanos() / 1e6 / tcp.count;
        double loop = h.loopMs() - tcp.loopMs();
        double ratio = withoutJit / refMs;
        s.append("| %s | %.2f ms | %.2f ms | %.2f ms | the same SM2 operations: %.2f ms | %.2f; %.2f | ≤ 1.2 | %s |\n"
                .formatted(name, h.processMs() - tcp.processMs(), withoutJit, loop, refMs, ratio, loop / refMs,
                        ratio <= 1.2 ? "yes" : "no"));
    }

    private static void bulkRow(StringBuilder s, Bulk b) {
        double rawMs = b.rawNanosPerMb / 1e6;
        double withoutJit = b.cpu.withoutJitNanos() / 1e6 / (b.bytes / MB);
        double ratio = rawMs / withoutJit;
        s.append("| %s bulk echo, %d MiB: %.1f MB/s wall | %.2f ms/MB | %.2f ms/MB | %.2f ms/MB | raw record open + seal:"
                .formatted(b.suite.hexId(), b.bytes >> 20, b.wallMbPerS(), b.processMsPerMb(), withoutJit,
                        b.loopMsPerMb()))
                .append(" %.2f ms/MB | raw ÷ server %.2f; %.2f | ≥ 0.85 | %s |\n".formatted(rawMs, ratio,
                        rawMs / b.loopMsPerMb(), ratio >= 0.85 ? "yes" : "no"));
    }

    /** The load client JVM: same java, same class path; one command line in, one reply line out. */
    static final class LoadClient implements AutoCloseable {
        private final Process process;
        private final PrintWriter in;
        private final BufferedReader out;

        private LoadClient(Process process) {
            this.process = process;
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static LoadClient start() throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    TlcpLoadClient.class.getName()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            return new LoadClient(pb.start());
        }

        /** Sends one command; returns what follows "ok", or throws with the client's error. */
        String call(String command) throws IOException {
            in.println(command);
            String reply = out.readLine();
            if (reply == null) {
                throw new IOException("the load client exited (" + command + ")");
            }
            if (!reply.startsWith("ok")) {
                throw new IllegalStateException("load client, " + command + ": " + reply);
            }
            return reply.substring(2).strip();
        }

        @Override
        public void close() throws IOException {
            try {
                call("quit");
            } finally {
                try {
                    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroy();
                    }
                } catch (InterruptedException e) {
                    process.destroy();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
