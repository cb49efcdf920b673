package io.gmgw.gateway.tun;

import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A client's TUN mode in one object: a {@link TunDevice} configured with what the gateway's reply gave (address and
 * netmask, MTU, split-include routes or a default route), with the VPN server kept reachable outside the tunnel, and
 * everything undone on {@link #close}: the kernel removes the device with its addresses and routes, and the pinned
 * host route to the server is deleted. If the process dies without closing, the kernel still removes the device;
 * only a pinned host route (a /32 to the server through the old next hop, harmless) would stay.
 */
public final class TunInterface implements AutoCloseable {
    private final TunDevice device;
    private final Optional<PinnedRoute> pinned;

    private TunInterface(TunDevice device, Optional<PinnedRoute> pinned) {
        this.device = device;
        this.pinned = pinned;
    }

    /**
     * Opens device {@code name} (a name, a "%d" template, or empty for the kernel's choice) and applies
     * {@code settings}; when a route in them holds {@code server} (the address the tunnel's TCP connection goes to),
     * first pins a host route to the server through today's path. When {@code ip} works in a network namespace, the
     * device is moved there before it is configured (a tunnel kept apart from the host's own routing; the tests use
     * it) and the route is pinned there. Any failure undoes what was done and throws the
     * {@link io.gmgw.gateway.GatewayException}.
     */
    public static TunInterface open(String name, TunSettings settings, InetAddress server, IpCommand ip,
            ByteBufAllocator allocator) {
        boolean captured = settings.routes().stream().anyMatch(r -> r.contains(server));
        Optional<PinnedRoute> pinned = captured ? ip.pinHostRoute(server) : Optional.empty();
        TunDevice device = null;
        try {
            device = TunDevice.open(name, allocator);
            if (ip.namespace() != null) {
                ip.inNamespace(null).moveToNamespace(device.name(), ip.namespace());
            }
            ip.apply(device.name(), settings);
            return new TunInterface(device, pinned);
        } catch (RuntimeException e) {
            if (device != null) {
                device.close();
            }
            pinned.ifPresent(PinnedRoute::close);
            throw e;
        }
    }

    /** The device: start it with the sink that carries packets into the tunnel, write what comes out of it. */
    public TunDevice device() {
        return device;
    }

    /** The host route to the server pinned outside the tunnel, if one was needed. */
    public Optional<PinnedRoute> pinnedRoute() {
        return pinned;
    }

    /** Closes the device (its addresses and routes go with it) and removes the pinned route. Idempotent. */
    @Override
    public void close() {
        try {
            device.close();
        } finally {
            pinned.ifPresent(PinnedRoute::close);
        }
    }
}
