package io.gmgw.bench.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's readings: /proc stat lines, iperf3's JSON report, medians; its VPN names. */
class TunnelBenchPartsTest {
    @Test
    void aGmgwVpnNameMayCarryConnectOptionsForAnAbInOneRun() {
        VpnUnderTest plain = TunnelBench.vpn("gmgw-tls");
        VpnUnderTest ab = TunnelBench.vpn("gmgw-tls/base-mtu=1406/disable-ipv6");
        assertEquals(plain.name() + " (connect --base-mtu 1406 --disable-ipv6)", ab.name());
        assertThrows(IllegalArgumentException.class, () -> TunnelBench.vpn("ocserv/base-mtu=1406"),
                "openconnect takes no gmgw connect options");
        assertThrows(IllegalArgumentException.class, () -> TunnelBench.vpn("gmgw-ipsec"));
    }

    @Test
    void theLauncherIsTheClassPathByDefaultAndTheCheckoutsScriptOnRequest() {
        String before = System.getProperty("tunnel.launcher");
        try {
            System.clearProperty("tunnel.launcher");
            assertTrue(GmgwVpn.launcherScript().isEmpty());
            System.setProperty("tunnel.launcher", "script");
            java.nio.file.Path script = GmgwVpn.launcherScript().orElseThrow();
            assertEquals("gmgw", script.getFileName().toString());
            assertTrue(java.nio.file.Files.isDirectory(script.resolveSibling("appliance-image")), script::toString);
            System.setProperty("tunnel.launcher", "jar");
            assertThrows(IllegalArgumentException.class, GmgwVpn::launcherScript);
        } finally {
            if (before == null) {
                System.clearProperty("tunnel.launcher");
            } else {
                System.setProperty("tunnel.launcher", before);
            }
        }
    }

    @Test
    void statTimesAreCountedAfterTheLastParenthesisOfTheProcessName() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime ...
        String stat = "4242 (ocserv (a) b) S 1 4242 4242 0 -1 4194560 120 0 0 0 731 269 5 6 20 0 1 0 1000 0 0";
        assertEquals(731 + 269, ProcessCpu.parseTicks(stat));
    }

    @Test
    void cpuBetweenReadingsCountsOnlyProcessesSeenBothTimes() {
        double seconds = ProcessCpu.secondsBetween(Map.of(1L, 100L, 2L, 50L), Map.of(1L, 350L, 3L, 999L));
        assertEquals(2.5, seconds, 1e-9);
    }

    @Test
    void ownProcessStatIsReadable() {
        long self = ProcessHandle.current().pid();
        assertTrue(ProcessCpu.ticks(List.of(self)).get(self) >= 0);
        assertTrue(ProcessCpu.ticks(List.of(Long.MAX_VALUE)).isEmpty(), "a pid that does not exist is left out");
    }

    @Test
    void iperfReportGivesTheReceiversTotals() {
        String json = """
                {"start": {}, "intervals": [], "end": {
                  "sum_sent": {"start": 0, "end": 20.0, "seconds": 20.0, "bytes": 1900000000,
                               "bits_per_second": 760000000.0, "retransmits": 12},
                  "sum_received": {"start": 0, "end": 20.04, "seconds": 20.04, "bytes": 1890000000,
                                   "bits_per_second": 754491017.9}}}""";
        Iperf3.Run run = Iperf3.parse(json);
        assertEquals(1_890_000_000L, run.bytes());
        assertEquals(20.04, run.seconds(), 1e-9);
        assertEquals(754.491, run.mbitPerSecond(), 1e-3);
        assertEquals(12, run.retransmits());
    }

    @Test
    void iperfErrorsAreReportedAsSuch() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Iperf3.parse(
                "{\"start\": {}, \"end\": {}, \"error\": \"unable to connect to server: Connection refused\"}"));
        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Iperf3.parse("{\"start\": {}, \"end\": {}}"));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, TunnelBench.median(List.of(9.0, 1.0, 3.0), d -> d));
        assertEquals(2.5, TunnelBench.median(List.of(4.0, 1.0, 3.0, 2.0), d -> d));
        assertTrue(Double.isNaN(TunnelBench.median(List.<Double>of(), d -> d)));
    }
}
