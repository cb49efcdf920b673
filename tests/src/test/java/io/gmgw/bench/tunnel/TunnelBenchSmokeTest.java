package io.gmgw.bench.tunnel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tunnel benchmark's whole path, shortened (one run, one-second iperf3 tests) with the ocserv anchor and with gmgw
 * over TLCP, so that the harness keeps working between the runs that feed docs/benchmarks.md. Needs root, ocserv,
 * openconnect, iperf3, /dev/net/tun and Python 3 (skipped without them, a failure under CI).
 */
@Timeout(120)
class TunnelBenchSmokeTest {
    @TempDir
    Path dir;

    @Test
    void ocservAnchorGivesEveryFigure() throws Exception {
        io.gmgw.testing.SystemPeers.requireProgram("iperf3", "install Debian package iperf3");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TunnelBench bench = new TunnelBench(dir, 1, 1, 1, new PrintStream(printed, true, StandardCharsets.UTF_8));
        TunnelBench.Row row = bench.measure(new OcservVpn());
        String log = printed.toString(StandardCharsets.UTF_8) + "\n" + row;
        assertTrue(row.upMbit() > 0 && row.downMbit() > 0, log);
        assertTrue(row.upCpuMsPerMb() > 0 && row.downCpuMsPerMb() > 0, "the worker's CPU was read: " + log);
        assertTrue(row.setupMs() > 0 && row.setupMs() < 40_000, log);
        assertTrue(row.rttMs() > 0, log);
    }

    /**
     * gmgw on both ends over TLCP E053 (the TLS variant runs the same harness code with other credentials): every
     * figure, the gateway JVM's CPU, and the raw record work beside it. One gmgw variant only: each costs two JVMs
     * and a PKI, about 20 s of {@code verify}.
     */
    @Test
    void gmgwOverTlcpGivesEveryFigureAndTheRawRecordWork() throws Exception {
        io.gmgw.testing.SystemPeers.requireProgram("iperf3", "install Debian package iperf3");
        io.gmgw.testing.SystemPeers.require(java.nio.file.Files.exists(Path.of("/dev/net/tun")),
                "/dev/net/tun is missing: TUN mode needs it");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TunnelBench bench = new TunnelBench(dir, 1, 1, 1, new PrintStream(printed, true, StandardCharsets.UTF_8));
        TunnelBench.Row row = bench.measure(TunnelBench.VPNS.get("gmgw-tlcp-e053").get());
        String log = printed.toString(StandardCharsets.UTF_8) + "\n" + row;
        assertTrue(row.path().contains("TLCP ECC_SM4_GCM_SM3"), log);
        assertTrue(row.upMbit() > 0 && row.downMbit() > 0, log);
        assertTrue(row.upCpuMsPerMb() > 0 && row.downCpuMsPerMb() > 0, "the gateway JVM's CPU was read: " + log);
        assertTrue(row.setupMs() > 0 && row.setupMs() < 40_000, log);
        assertTrue(row.rttMs() > 0, log);
        assertTrue(row.raw() != null && row.raw().recordBytes() > 1000 && row.raw().openMsPerMb() > 0
                && row.raw().sealMsPerMb() > 0, "the raw record work beside it: " + log);
    }
}
