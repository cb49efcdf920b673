package io.gmgw.interop.tlcp;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a client peer run did: its exit status, its {@code RESULT} line, one {@link PeerConnection} per connection,
 * the wall time of the whole process (JVM start included) and its transcript for failure messages.
 */
public record ClientRun(String peer, int exitCode, PeerLine result, List<PeerConnection> connections,
        Duration wallTime, String transcript) {
    public ClientRun {
        connections = List.copyOf(connections);
    }

    /** Exit status 0 and the peer's own verdict: every connection handshook and echoed. */
    public boolean ok() {
        return exitCode == 0 && result.flag("ok") && connections.stream().allMatch(PeerConnection::ok);
    }

    public long succeeded() {
        return connections.stream().filter(PeerConnection::ok).count();
    }

    public List<PeerConnection> failures() {
        return connections.stream().filter(c -> !c.ok()).toList();
    }

    /** The suite names negotiated on successful connections. */
    public Set<String> suiteNames() {
        TreeSet<String> s = new TreeSet<>();
        connections.stream().filter(PeerConnection::ok).forEach(c -> s.add(c.suiteName()));
        return s;
    }

    /** The peer's own time for all connections (without JVM start), from its RESULT line. */
    public Duration peerTime() {
        return Duration.ofMillis(result.number("ms"));
    }

    /** A one-paragraph account for assertion messages: verdict, counts, first failures, then the transcript. */
    public String describe() {
        StringBuilder b = new StringBuilder(peer).append(": exit ").append(exitCode).append(", ").append(succeeded())
                .append('/').append(connections.size()).append(" connections ok, wall ").append(wallTime.toMillis())
                .append(" ms\n");
        failures().stream().limit(5).forEach(f -> b.append("  failed: ").append(f.error()).append('\n'));
        return b.append(transcript).toString();
    }
}
