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
 * The tunnel benchmark's whole path, shortened (one run, one-second iperf3 tests) with the ocserv anchor, so that the
 * harness keeps working between the runs that feed docs/benchmarks.md. Needs root, ocserv, openconnect, iperf3 and
 * Python 3 (skipped without them, a failure under CI).
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
}
