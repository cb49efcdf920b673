package io.gmgw.gateway.tun;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route that {@link IpCommand#pinRoute} added through today's path: the host route to the VPN server, so that the
 * tunnel's own routes cannot capture the connection that carries the tunnel, or a split-exclude network kept outside
 * the tunnel; closing removes it again. Not removed by the kernel with the TUN
 * device (it goes through the physical interface), so whoever pinned it must close it.
 */
public final class PinnedRoute implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("tun");

    private final IpCommand ip;
    private final String route;
    private final List<String> delete;
    private boolean closed;

    PinnedRoute(IpCommand ip, String route, List<String> delete, String purpose) {
        this.ip = ip;
        this.route = route;
        this.delete = List.copyOf(delete);
        LOG.info("route {} pinned for {}", route, purpose);
    }

    /** The route as {@code ip route} writes it ({@code 203.0.113.5/32 via 192.0.2.254 dev eth0}). */
    public String route() {
        return route;
    }

    /** Removes the route; idempotent. A route someone else removed already is not an error. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ip.run(delete.toArray(String[]::new));
        } catch (io.gmgw.gateway.GatewayException e) {
            LOG.warn("route {} could not be removed: {}", route, e.getMessage());
        }
    }
}
