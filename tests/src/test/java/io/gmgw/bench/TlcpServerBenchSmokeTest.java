package io.gmgw.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The TLCP server benchmark end to end with tiny counts (it runs only in the bench-tlcp profile otherwise): the load
 * client JVM starts, every phase completes with the server counting what the client did, and the report is the table
 * docs/benchmarks.md expects. The numbers themselves mean nothing at these counts.
 */
class TlcpServerBenchSmokeTest {
    static final int HANDSHAKES = 3;

    @Test
    void tinyRunProducesTheWholeTable() throws Exception {
        TlcpServerBench.Options tiny = TlcpServerBench.Options.parse(new String[] {"warmup=0", "handshakes=" + HANDSHAKES,
                "resumed=3", "bulk-mib=1", "bulk-warmup-mib=0", "idle=10", "op-millis=30"});
        String report = new TlcpServerBench(tiny).run();
        List<String> rows = report.lines()
                .filter(l -> l.startsWith("| ") && !l.startsWith("| measurement") && !l.startsWith("| ---")).toList();
        assertEquals(10, rows.size(), report);
        for (String row : List.of("E013 one-way full handshake", "E011 mutual full handshake, returning client",
                "E011 mutual full handshake, every certificate parsed and its signature verified", "E013 resumed handshake",
                "TCP connection alone", "E013 one-way handshake beyond its TCP connection",
                "E011 mutual handshake (returning client) beyond its TCP connection", "E013 bulk echo, 1 MiB", "E053 bulk echo, 1 MiB",
                "heap per idle established connection")) {
            assertTrue(rows.stream().anyMatch(r -> r.startsWith("| " + row)), row + " missing from\n" + report);
        }
        assertFalse(report.contains("NaN") || report.contains("Infinity"), report);
        assertTrue(report.contains("its SM2 operations (") && report.contains("between the handshakes"), report);
        // The live server's own SM2 operations were timed: a signature and a decryption per measured E013 handshake.
        Matcher insitu = Pattern.compile("during the measured handshakes, ([0-9]+) operations\\): ([0-9.]+) ms")
                .matcher(report);
        assertTrue(insitu.find(), report);
        assertEquals(2 * HANDSHAKES, Integer.parseInt(insitu.group(1)), report);
        assertTrue(Double.parseDouble(insitu.group(2)) > 0, report);
        // BGMProvider's server side by side: measured wherever the peer can run, which CI requires
        boolean bgmMeasured = report.contains("BGMProvider 1.1.4's server (JDK 17");
        assertTrue(bgmMeasured || report.contains("BGMProvider's server not measured: "), report);
        if (io.gmgw.testing.SystemPeers.isCi()) {
            assertTrue(bgmMeasured, "CI has the BGMProvider peer:\n" + report);
        }
        Matcher ms = Pattern.compile("\\| E013 one-way full handshake \\| ([0-9.]+) ms").matcher(report);
        assertTrue(ms.find(), report);
        assertTrue(Double.parseDouble(ms.group(1)) > 0, "server CPU per handshake is positive:\n" + report);
    }
}
