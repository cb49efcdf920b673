package io.gmgw.bench.tunnel;

import io.gmgw.topology.CommandResult;
import io.gmgw.topology.Namespace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One iperf3 TCP test (single stream) from the client namespace, read from iperf3's JSON report ({@code -J}). */
final class Iperf3 {
    static final int PORT = 5201;

    /** What one test moved: the receiver's bytes, seconds and rate, and the sender's TCP retransmissions. */
    record Run(long bytes, double seconds, double bitsPerSecond, long retransmits) {
        double mbitPerSecond() {
            return bitsPerSecond / 1e6;
        }
    }

    private Iperf3() {
    }

    /**
     * Runs {@code iperf3 -c TARGET -t SECONDS -J} in {@code client}, {@code reverse} for the server → client direction
     * ({@code -R}); fails with iperf3's output unless it exits 0.
     */
    static Run run(Namespace client, String target, int seconds, boolean reverse) {
        List<String> argv = new ArrayList<>(List.of("iperf3", "-c", target, "-p", Integer.toString(PORT), "-t",
                Integer.toString(seconds), "-J"));
        if (reverse) {
            argv.add("-R");
        }
        CommandResult r = client.run(Duration.ofSeconds(seconds + 60L), Map.of(), argv).orThrow();
        return parse(r.stdout());
    }

    /** The receiver's totals from iperf3's JSON report ({@code end.sum_received}, {@code end.sum_sent}). */
    static Run parse(String json) {
        JsonNode report = JsonMapper.builder().build().readTree(json);
        if (report.has("error")) {
            throw new IllegalStateException("iperf3: " + report.get("error").asString());
        }
        JsonNode received = report.path("end").path("sum_received");
        JsonNode sent = report.path("end").path("sum_sent");
        if (!received.has("bytes")) {
            throw new IllegalStateException("iperf3 report without end.sum_received: " + json);
        }
        return new Run(received.get("bytes").asLong(), received.get("seconds").asDouble(),
                received.get("bits_per_second").asDouble(), sent.path("retransmits").asLong(0));
    }
}
