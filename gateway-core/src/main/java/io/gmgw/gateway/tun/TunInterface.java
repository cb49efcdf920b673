package io.gmgw.gateway.tun;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.ip.IpPrefix;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client's TUN mode in one object: a {@link TunDevice} configured with what the gateway's reply gave (address and
 * netmask, MTU, split-include routes or a default route), with the VPN server kept reachable outside the tunnel, the
 * split-exclude networks kept on the paths they take today (as vpnc-script does), and everything undone on
 * {@link #close}: the kernel removes the device with its addresses and routes, and the pinned routes (the host route
 * to the server, the excluded networks) are deleted. If the process dies without closing, the kernel still removes
 * the device; only pinned routes (through the old next hop, as before the tunnel) would stay.
 */
public final class TunInterface implements AutoCloseable {
    private final TunDevice device;
    private final Optional<PinnedRoute> pinned;
    private final List<PinnedRoute> excluded;
    private final List<String> notExcluded;

    private TunInterface(TunDevice device, Optional<PinnedRoute> pinned, List<PinnedRoute> excluded,
            List<String> notExcluded) {
        this.device = device;
        this.pinned = pinned;
        this.excluded = List.copyOf(excluded);
        this.notExcluded = List.copyOf(notExcluded);
    }

    /** As {@link #open(String, TunSettings, InetAddress, List, IpCommand, ByteBufAllocator)}, nothing excluded. */
    public static TunInterface open(String name, TunSettings settings, InetAddress server, IpCommand ip,
            ByteBufAllocator allocator) {
        return open(name, settings, server, List.of(), ip, allocator);
    }

    /**
     * Opens device {@code name} (a name, a "%d" template, or empty for the kernel's choice) and applies
     * {@code settings}; when a route in them holds {@code server} (the address the tunnel's TCP connection goes to),
     * first pins a host route to the server through today's path, and each of {@code exclude} (split-exclude
     * networks) gets a route through the path its first address takes today, so the tunnel's routes do not capture
     * it. An excluded network whose path cannot be told (no route to it today) is skipped and named in
     * {@link #notExcluded()}: it was not reachable outside the tunnel before either. When {@code ip} works in a network
     * namespace, the device is moved there before it is configured (a tunnel kept apart from the host's own routing;
     * the tests use it) and the routes are pinned there. Any other failure undoes what was done and throws the
     * {@link GatewayException}.
     */
    public static TunInterface open(String name, TunSettings settings, InetAddress server, List<IpPrefix> exclude,
            IpCommand ip, ByteBufAllocator allocator) {
        boolean captured = settings.routes().stream().anyMatch(r -> r.contains(server));
        Optional<PinnedRoute> pinned = captured ? ip.pinHostRoute(server) : Optional.empty();
        List<PinnedRoute> excluded = new ArrayList<>();
        List<String> notExcluded = new ArrayList<>();
        TunDevice device = null;
        try {
            for (IpPrefix network : exclude) {
                try {
                    ip.pinRoute(network, "split-exclude").ifPresent(excluded::add);
                } catch (GatewayException e) {
                    if (e.kind() != GatewayException.Kind.RESOURCE) {
                        throw e;
                    }
                    notExcluded.add(network + ": " + e.getMessage());
                }
            }
            device = TunDevice.open(name, allocator);
            if (ip.namespace() != null) {
                ip.inNamespace(null).moveToNamespace(device.name(), ip.namespace());
            }
            ip.apply(device.name(), settings);
            return new TunInterface(device, pinned, excluded, notExcluded);
        } catch (RuntimeException e) {
            if (device != null) {
                device.close();
            }
            excluded.forEach(PinnedRoute::close);
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

    /** The split-exclude networks routed outside the tunnel by this interface (removed on close). */
    public List<PinnedRoute> excludedRoutes() {
        return excluded;
    }

    /** Split-exclude networks that could not be routed outside, each with the reason. */
    public List<String> notExcluded() {
        return notExcluded;
    }

    /** Closes the device (its addresses and routes go with it) and removes the pinned routes. Idempotent. */
    @Override
    public void close() {
        try {
            device.close();
        } finally {
            excluded.forEach(PinnedRoute::close);
            pinned.ifPresent(PinnedRoute::close);
        }
    }
}
