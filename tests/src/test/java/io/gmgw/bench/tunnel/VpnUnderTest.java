package io.gmgw.bench.tunnel;

import io.gmgw.topology.NamespaceProcess;
import io.gmgw.topology.NamespaceTopology;
import java.time.Duration;
import java.util.List;

/**
 * A VPN server and client that {@link TunnelBench} measures in a {@link NamespaceTopology}: the server in the gateway
 * namespace, the client in the client namespace with a real TUN device whose routes reach the inside network.
 * {@link OcservVpn} is the anchor (ocserv + openconnect); gmgw's gateway and {@code gmgw connect} (over TLS, over TLCP)
 * plug in as further implementations, registered in {@link TunnelBench#VPNS}.
 */
public interface VpnUnderTest {
    /** A name for the report, with versions and the protocol, e.g. {@code ocserv 1.1.6 + openconnect 9.01, TLS}. */
    String name();

    /** Starts the server in {@code topology.gateway()}; returns once it accepts connections (not timed). */
    Server startServer(NamespaceTopology topology) throws Exception;

    /**
     * Starts the client in {@code topology.client()} and returns at once: the tunnel's set-up time runs from this
     * process's {@link NamespaceProcess#startedAt()} to the first echo reply through the tunnel.
     */
    NamespaceProcess startClient(NamespaceTopology topology, Server server) throws Exception;

    /**
     * Waits at most {@code timeout} until {@code client}'s TUN device is configured (address, MTU, routes to the
     * inside network), e.g. for a line it prints; throws with the client's transcript when it was not.
     */
    void awaitTunnel(NamespaceProcess client, Duration timeout) throws Exception;

    /** A running server. */
    interface Server extends AutoCloseable {
        /**
         * The processes whose CPU time is the gateway's cost of the established tunnels, asked for while a tunnel is
         * up (ocserv: its worker processes; a JVM gateway: its own pid).
         */
        List<Long> pids();

        /** What the server printed, for failure reports. */
        String transcript();

        /** Stops the server (the topology's close would too). */
        @Override
        void close();
    }
}
