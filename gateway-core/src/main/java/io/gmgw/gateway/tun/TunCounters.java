package io.gmgw.gateway.tun;

/**
 * What passed through a {@link TunDevice}: packets and bytes read from the kernel ({@code in}, towards the sessions)
 * and written to it ({@code out}), writes the kernel refused or that came after close, and read errors.
 */
public record TunCounters(long packetsIn, long bytesIn, long packetsOut, long bytesOut, long writeDrops,
        long readErrors) {
}
