package io.gmgw.interop.tlcp;

/**
 * A server peer's counters since it started or since its last reset ({@code STATS} line): completed handshakes,
 * failed connections, application bytes echoed, and the CPU time of its whole process (every thread, GC and JIT
 * included, as the OS accounts it) and wall time over the same span. For comparing gmgw's server with BGMProvider's
 * in one run: same clients, same machine, ratio of CPU per handshake and per MiB.
 */
public record ServerStats(long handshakes, long failed, long bytes, long cpuNanos, long wallNanos, int processors) {

    static ServerStats of(PeerLine l) {
        return new ServerStats(l.number("handshakes"), l.number("failed"), l.number("bytes"), l.number("cpu-ns"),
                l.number("wall-ns"), l.integer("processors"));
    }

    /** CPU milliseconds per completed handshake (echo work included when the clients sent data). */
    public double cpuMillisPerHandshake() {
        return handshakes == 0 ? Double.NaN : cpuNanos / 1e6 / handshakes;
    }

    /** CPU milliseconds per MiB echoed (handshake work included when there were handshakes). */
    public double cpuMillisPerMib() {
        return bytes == 0 ? Double.NaN : cpuNanos / 1e6 / (bytes / 1048576.0);
    }
}
