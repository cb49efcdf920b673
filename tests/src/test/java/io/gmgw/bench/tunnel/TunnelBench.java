package io.gmgw.bench.tunnel;

import io.gmgw.bench.TlcpRecordWork;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.testing.SystemPeers;
import io.gmgw.topology.NamespaceProcess;
import io.gmgw.topology.NamespaceTopology;
import io.gmgw.topology.TopologyPrograms;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tunnel benchmark (never in {@code verify}; profile {@code bench-tunnel}, as root): for each {@link VpnUnderTest},
 * in a fresh {@link NamespaceTopology} client — gateway — inside, with the server in the gateway and the client's TUN
 * device in the client namespace, it measures
 * <ol>
 *   <li><b>set-up time</b>: client process start → first ICMP echo reply from the inside host through the tunnel
 *       ({@code icmp-probe.py}, started first, sends every 5 ms until a reply comes), a fresh login each run;</li>
 *   <li><b>ping RTT</b> to the inside host through the tunnel (50 echoes, 20 ms apart; median);</li>
 *   <li><b>throughput</b>, single TCP stream, {@code iperf3 -t SECONDS} client → inside ("up") and inside → client
 *       ({@code -R}, "down"), and the <b>gateway's CPU per MB</b> over each test: utime + stime of {@link
 *       VpnUnderTest.Server#pids()} from /proc before and after, divided by the megabytes the receiver got.</li>
 * </ol>
 * Every figure is the median of {@code runs}. With {@code raw=1} the raw routed path (no VPN, the gateway forwarding)
 * is measured first, for throughput and RTT. Options as {@code name=value}: {@code vpn=ocserv} (comma list of {@link
 * #VPNS} keys), {@code seconds=15}, {@code runs=3}, {@code raw=1}, {@code warmup=0} (seconds of untimed iperf3 each
 * way before the measured tests, for a gateway whose code is compiled at run time).
 *
 * <p>All processes share the machine: client, gateway, both iperf3 ends and kernel forwarding, as in GM-REFERENCE.md's
 * anchor table. Compare figures of one run only.
 */
public final class TunnelBench {
    /** The VPNs this benchmark knows, by option value. */
    public static final Map<String, Supplier<VpnUnderTest>> VPNS = vpns();
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(40);
    /** Issue 15's TLCP goal: the gateway's CPU per MB at most this many times the raw record work. */
    static final double TLCP_GOAL = 1.25;
    /** CSTP's data frame header (cstp.md §5). */
    private static final int CSTP_HEADER = 8;
    /** IPv4 (20) and TCP (20 + 12 of timestamps) headers in each of iperf3's full-size packets. */
    private static final int TCP_IP_HEADERS = 52;

    private final Path workDir;
    private final int seconds;
    private final int runs;
    private final int warmupSeconds;
    private final PrintStream out;
    private int measured;

    private static Map<String, Supplier<VpnUnderTest>> vpns() {
        Map<String, Supplier<VpnUnderTest>> vpns = new LinkedHashMap<>();
        vpns.put("ocserv", OcservVpn::new);
        vpns.put("gmgw-tls", GmgwVpn::tls);
        vpns.put("gmgw-tlcp-e053", () -> GmgwVpn.tlcp("ECC_SM4_GCM_SM3"));
        vpns.put("gmgw-tlcp-e013", () -> GmgwVpn.tlcp("ECC_SM4_CBC_SM3"));
        return java.util.Collections.unmodifiableMap(vpns);
    }

    TunnelBench(Path workDir, int seconds, int runs, int warmupSeconds, PrintStream out) {
        this.workDir = workDir;
        this.seconds = seconds;
        this.runs = runs;
        this.warmupSeconds = warmupSeconds;
        this.out = out;
    }

    /** One line of the report: medians, NaN where a figure does not apply. */
    record Row(String path, double upMbit, double downMbit, double upCpuMsPerMb, double downCpuMsPerMb,
            double upCorePer100Mbit, double downCorePer100Mbit, double setupMs, double rttMs, RawRecords raw) {
        Row(String path, double upMbit, double downMbit, double upCpuMsPerMb, double downCpuMsPerMb,
                double upCorePer100Mbit, double downCorePer100Mbit, double setupMs, double rttMs) {
            this(path, upMbit, downMbit, upCpuMsPerMb, downCpuMsPerMb, upCorePer100Mbit, downCorePer100Mbit, setupMs,
                    rttMs, null);
        }
    }

    /**
     * The raw TLCP record work for the bytes a TLCP tunnel carried ({@link TlcpRecordWork}, measured in this run):
     * CPU ms to open (what the gateway does going up) and to seal (going down) records of one tunnel packet each, per
     * MB of the TCP payload iperf3 counts.
     */
    record RawRecords(String suite, int recordBytes, double openMsPerMb, double sealMsPerMb) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("vpn", "ocserv", "seconds", "15", "runs", "3", "raw",
                "1", "warmup", "0"));
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0 || !options.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("unknown option '" + a + "'; known: " + options.keySet()
                        + " as name=value");
            }
            options.put(a.substring(0, eq), a.substring(eq + 1));
        }
        SystemPeers.requireProgram("iperf3", "install Debian package iperf3");
        Path work = Files.createTempDirectory("gmgw-tunnel-bench-");
        TunnelBench bench = new TunnelBench(work, Integer.parseInt(options.get("seconds")),
                Integer.parseInt(options.get("runs")), Integer.parseInt(options.get("warmup")), System.out);
        System.out.println("tunnel benchmark: " + options + ", logs in " + work);
        List<Row> rows = new ArrayList<>();
        if (!options.get("raw").equals("0")) {
            rows.add(bench.raw());
        }
        for (String name : options.get("vpn").split(",")) {
            rows.add(bench.measure(vpn(name.strip())));
        }
        bench.report(rows);
    }

    /**
     * The VPN named {@code name}: a {@link #VPNS} key, for gmgw's optionally followed by {@code /OPTION=VALUE...}
     * ({@code gmgw-tls/base-mtu=1406}), options for its {@code gmgw connect} that the row then names: an A/B of one
     * client option within one run, so under the same machine load.
     */
    static VpnUnderTest vpn(String name) {
        String[] parts = name.split("/");
        Supplier<VpnUnderTest> vpn = VPNS.get(parts[0]);
        if (vpn == null) {
            throw new IllegalArgumentException("unknown vpn '" + name + "'; known: " + VPNS.keySet());
        }
        VpnUnderTest v = vpn.get();
        if (parts.length == 1) {
            return v;
        }
        if (!(v instanceof GmgwVpn g)) {
            throw new IllegalArgumentException(name + ": client options are for gmgw's VPNs only");
        }
        List<String> extra = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            extra.add("--" + kv[0]);
            if (kv.length == 2) {
                extra.add(kv[1]);
            }
        }
        return g.withClientOptions(extra);
    }

    /** The raw routed path: no VPN, the gateway forwarding. */
    Row raw() throws Exception {
        try (NamespaceTopology t = NamespaceTopology.create(Files.createDirectories(workDir.resolve("raw")))) {
            TopologyPrograms programs = TopologyPrograms.install(t.workDir());
            t.routeClientToInsideDirectly();
            startIperfServer(t);
            double rtt = rtt(t, programs);
            List<Iperf3.Run> up = new ArrayList<>();
            List<Iperf3.Run> down = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                up.add(log("raw up", Iperf3.run(t.client(), t.addresses().inside4(), seconds, false), Double.NaN));
                down.add(log("raw down", Iperf3.run(t.client(), t.addresses().inside4(), seconds, true), Double.NaN));
            }
            return new Row("raw routed path, no VPN", median(up, Iperf3.Run::mbitPerSecond), median(down,
                    Iperf3.Run::mbitPerSecond), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, rtt);
        }
    }

    /** Set-up, RTT and throughput with CPU of one VPN. */
    Row measure(VpnUnderTest vpn) throws Exception {
        // numbered: the gmgw variants share a class (and the path stays short for the control socket's 108 bytes)
        Path dir = Files.createDirectories(workDir.resolve(vpn.getClass().getSimpleName() + "-" + (++measured)));
        try (NamespaceTopology t = NamespaceTopology.create(dir)) {
            TopologyPrograms programs = TopologyPrograms.install(t.workDir());
            startIperfServer(t);
            try (VpnUnderTest.Server server = vpn.startServer(t)) {
                List<Double> setups = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    setups.add(setup(t, programs, vpn, server));
                }
                NamespaceProcess client = vpn.startClient(t, server);
                vpn.awaitTunnel(client, SETUP_TIMEOUT);
                List<Long> pids = server.pids();
                if (pids.isEmpty()) {
                    throw new IllegalStateException(vpn.name() + ": no server process to measure\n"
                            + server.transcript());
                }
                out.println(vpn.name() + ": gateway CPU measured on pids " + pids);
                if (warmupSeconds > 0) {
                    // Untimed traffic each way first, so that a JIT-compiled gateway is measured warm.
                    log(vpn.name() + " warm-up up", Iperf3.run(t.client(), t.addresses().inside4(), warmupSeconds,
                            false), Double.NaN);
                    log(vpn.name() + " warm-up down", Iperf3.run(t.client(), t.addresses().inside4(), warmupSeconds,
                            true), Double.NaN);
                }
                // after the warm-up: a JVM's first packets run interpreted while its JIT competes for the cores
                double rtt = rtt(t, programs);
                List<double[]> up = new ArrayList<>();
                List<double[]> down = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    up.add(throughput(t, pids, false, vpn.name() + " up"));
                    down.add(throughput(t, pids, true, vpn.name() + " down"));
                }
                client.close();
                RawRecords raw = vpn instanceof GmgwVpn g && g.tlcpSuite().isPresent()
                        ? rawRecords(g.tlcpSuite().get(), g.tunnelMtu()) : null;
                return new Row(vpn.name(), medianOf(up, 0), medianOf(down, 0), medianOf(up, 1), medianOf(down, 1),
                        medianOf(up, 2), medianOf(down, 2), median(setups, d -> d), rtt, raw);
            }
        }
    }

    /**
     * The raw record work for a tunnel of {@code mtu} ({@link RawRecords}), measured here, under the same machine load
     * as the tunnel: records of a full-size packet and its 8-byte CSTP header, each carrying {@code mtu - 52} bytes of
     * TCP payload (IPv4 and TCP headers with timestamps, as iperf3's stream has them).
     */
    private RawRecords rawRecords(CipherSuite suite, int mtu) {
        int record = mtu + CSTP_HEADER;
        // 2 s of CPU per direction, after as long untimed; less for the smoke test's one-second tests
        TlcpRecordWork.CpuPerMb plain = new TlcpRecordWork(CryptoModule.start(), suite, record)
                .cpuMsPerMb(Duration.ofMillis(Math.min(2000, seconds * 200L)));
        double perPayload = (double) record / (mtu - TCP_IP_HEADERS);
        RawRecords raw = new RawRecords(suite.tlcpName(), record, plain.openMs() * perPayload,
                plain.sealMs() * perPayload);
        out.printf(Locale.ROOT, "%s raw record work, %d-byte records: open %.2f, seal %.2f CPU ms per MB of payload%n",
                raw.suite(), record, raw.openMsPerMb(), raw.sealMsPerMb());
        return raw;
    }

    /** Client start → first echo reply through the tunnel, in ms; the client is stopped (logged off) after. */
    private double setup(NamespaceTopology t, TopologyPrograms programs, VpnUnderTest vpn, VpnUnderTest.Server server)
            throws Exception {
        NamespaceProcess probe = t.client().start("icmp-probe", programs.python().toString(),
                programs.path(TopologyPrograms.ICMP_PROBE).toString(), t.addresses().inside4(), "1", "5",
                Long.toString(SETUP_TIMEOUT.toSeconds()));
        probe.awaitLine(Pattern.compile("icmp-probe: ready"), SETUP_TIMEOUT);
        try (NamespaceProcess client = vpn.startClient(t, server)) {
            JsonNode r = JsonMapper.builder().build().readTree(probe.awaitLine(l -> l.startsWith("{"),
                    "result line", SETUP_TIMEOUT.plusSeconds(10)));
            if (r.get("received").asInt() != 1) {
                throw new IllegalStateException(vpn.name() + ": no echo reply through the tunnel within "
                        + SETUP_TIMEOUT.toSeconds() + " s: " + r + "\n--- client ---\n" + client.transcript()
                        + "\n--- server ---\n" + server.transcript());
            }
            long startNs = client.startedAt().getEpochSecond() * 1_000_000_000L + client.startedAt().getNano();
            double ms = (r.get("first_reply_epoch_ns").asLong() - startNs) / 1e6;
            out.printf(Locale.ROOT, "%s: set-up %.1f ms%n", vpn.name(), ms);
            return ms;
        }
    }

    private double[] throughput(NamespaceTopology t, List<Long> pids, boolean reverse, String label) {
        Map<Long, Long> before = ProcessCpu.ticks(pids);
        Iperf3.Run run = Iperf3.run(t.client(), t.addresses().inside4(), seconds, reverse);
        double cpu = ProcessCpu.secondsBetween(before, ProcessCpu.ticks(pids));
        log(label, run, cpu);
        double megabytes = run.bytes() / 1e6;
        double corePer100Mbit = (cpu / run.seconds()) * 100 / (run.mbitPerSecond() / 100);
        return new double[] {run.mbitPerSecond(), cpu * 1000 / megabytes, corePer100Mbit};
    }

    private double rtt(NamespaceTopology t, TopologyPrograms programs) {
        String json = t.client().run(Duration.ofSeconds(30), Map.of(), List.of(programs.python().toString(),
                programs.path(TopologyPrograms.ICMP_PROBE).toString(), t.addresses().inside4(), "50", "20", "20"))
                .orThrow().stdout();
        String line = Arrays.stream(json.split("\n")).filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        List<Double> rtts = new ArrayList<>();
        JsonMapper.builder().build().readTree(line).get("rtt_ms").forEach(n -> rtts.add(n.asDouble()));
        double median = median(rtts, d -> d);
        out.printf(Locale.ROOT, "RTT median %.3f ms over %d echoes%n", median, rtts.size());
        return median;
    }

    private static void startIperfServer(NamespaceTopology t) throws Exception {
        NamespaceProcess server = t.inside().start("iperf3-server", "iperf3", "-s", "--forceflush", "-p",
                Integer.toString(Iperf3.PORT));
        server.awaitLine(Pattern.compile("Server listening"), Duration.ofSeconds(20));
    }

    private Iperf3.Run log(String label, Iperf3.Run run, double cpuSeconds) {
        out.printf(Locale.ROOT, "%s: %.0f Mbit/s, %d bytes in %.2f s, %d retransmits%s%n", label,
                run.mbitPerSecond(), run.bytes(), run.seconds(), run.retransmits(), Double.isNaN(cpuSeconds) ? ""
                        : String.format(Locale.ROOT, ", gateway CPU %.2f s", cpuSeconds));
        return run;
    }

    private void report(List<Row> rows) {
        out.println();
        out.println("| path | up Mbit/s | down Mbit/s | gateway CPU ms/MB up / down"
                + " | % of a core per 100 Mbit/s up / down | set-up ms | RTT ms |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "| %s | %s | %s | %s / %s | %s / %s | %s | %s |%n", r.path(), f(r.upMbit(), 0),
                    f(r.downMbit(), 0), f(r.upCpuMsPerMb(), 2), f(r.downCpuMsPerMb(), 2), f(r.upCorePer100Mbit(), 1),
                    f(r.downCorePer100Mbit(), 1), f(r.setupMs(), 0), f(r.rttMs(), 3));
        }
        if (rows.stream().anyMatch(r -> r.raw() != null)) {
            out.println();
            out.println("| path | record bytes | raw open / seal ms/MB | gateway ÷ raw, up (opens) / down (seals)"
                    + " | goal |");
            out.println("| --- | ---: | ---: | ---: | --- |");
            for (Row r : rows) {
                if (r.raw() != null) {
                    RawRecords w = r.raw();
                    double upRatio = r.upCpuMsPerMb() / w.openMsPerMb();
                    double downRatio = r.downCpuMsPerMb() / w.sealMsPerMb();
                    out.printf(Locale.ROOT, "| %s | %d | %s / %s | %s / %s | %s |%n", r.path(), w.recordBytes(),
                            f(w.openMsPerMb(), 2), f(w.sealMsPerMb(), 2), f(upRatio, 2), f(downRatio, 2),
                            upRatio <= TLCP_GOAL && downRatio <= TLCP_GOAL ? "≤ 1.25: met" : "≤ 1.25: missed");
                }
            }
        }
    }

    private static String f(double v, int decimals) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static <T> double median(List<T> values, java.util.function.ToDoubleFunction<T> f) {
        double[] d = values.stream().mapToDouble(f).sorted().toArray();
        if (d.length == 0) {
            return Double.NaN;
        }
        return d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
    }

    private static double medianOf(List<double[]> runs, int index) {
        return median(runs, r -> r[index]);
    }
}
