package io.gmgw.sslvpn.client.tun;

import io.gmgw.gateway.tun.IpCommand;
import io.gmgw.gateway.tun.TunCounters;
import io.gmgw.gateway.tun.TunInterface;
import io.gmgw.sslvpn.client.LocalPackets;
import io.gmgw.sslvpn.client.TunnelParameters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TUN mode, as openconnect runs with its default vpnc-script (root or CAP_NET_ADMIN): when the tunnel first comes up,
 * a TUN device with the address, netmask, MTU and routes of the gateway's reply ({@link TunPlan}), the VPN server kept
 * reachable outside the tunnel when the routes would capture it, and the split-exclude networks kept on today's path
 * (as vpnc-script); packets read from the device go into the tunnel
 * (from the device's reader thread through the client's bounded hand-off: a full queue drops and counts) and packets
 * from the gateway are written to it (a TUN write never blocks: the kernel takes the packet or drops it, counted as a
 * write drop). The device stays through reconnects (the client guarantees the same addresses, cstp.md §9), so while
 * the tunnel is down its routes keep the traffic from leaking outside and the packets are dropped. {@link #close}
 * (the session's end, whatever ended it; also a shutdown hook's safety net) removes the device, and the kernel its
 * addresses and routes with it, and deletes the pinned routes: the host's routing is as it was before.
 */
public final class TunPackets implements LocalPackets {
    private static final Logger LOG = LoggerFactory.getLogger("tun");

    private final String requestedName;
    private final InetAddress server;
    private final IpCommand ip;
    private final ByteBufAllocator allocator;
    private final Consumer<String> out;
    private TunInterface tun; // guarded by this
    private volatile TunInterface open; // what fromGateway writes to; null before open and after close
    private int mtu;
    private boolean closed; // guarded by this

    /**
     * {@code name}: the device's name, a "%d" template ({@code gmgw%d}) or empty for the kernel's {@code tunN};
     * {@code server}: the address the tunnel's TCP connection goes to (pinned outside the tunnel when a route would
     * capture it); {@code ip} runs iproute2; {@code out} takes progress lines.
     */
    public TunPackets(String name, InetAddress server, IpCommand ip, ByteBufAllocator allocator, Consumer<String> out) {
        this.requestedName = Objects.requireNonNull(name, "name");
        this.server = Objects.requireNonNull(server, "server");
        this.ip = Objects.requireNonNull(ip, "ip");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void open(TunnelParameters p, Uplink uplink) {
        TunPlan plan = TunPlan.of(p);
        TunInterface t;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("TUN mode was closed before the tunnel came up");
            }
            t = TunInterface.open(requestedName, plan.settings(), server, plan.excluded(), ip, allocator);
            tun = t;
            mtu = p.mtu();
        }
        String name = t.device().name();
        out.accept("TUN device " + name + " up" + (ip.namespace() == null ? "" : " in namespace " + ip.namespace())
                + ": " + plan.notices().getFirst());
        for (String line : plan.notices().subList(1, plan.notices().size())) {
            out.accept(name + ": " + line);
        }
        t.pinnedRoute().ifPresent(r -> out.accept(name + ": the VPN server stays outside the tunnel: route " + r.route()
                + " (removed on exit)"));
        t.excludedRoutes().forEach(r -> out.accept(name + ": split-exclude route " + r.route()
                + " (removed on exit)"));
        t.notExcluded().forEach(why -> out.accept(name + ": split-exclude route not applied: " + why));
        TunPlan.dnsNotice(p, name).ifPresent(out);
        open = t;
        t.device().start(uplink::send);
    }

    @Override
    public void fromGateway(ByteBuf packet) {
        TunInterface t = open;
        if (t == null) {
            packet.release();
            return;
        }
        t.device().accept(packet); // releases it; a refused write is counted as a write drop
    }

    @Override
    public void suspended(String reason) {
        TunInterface t = open;
        if (t != null) {
            out.accept(t.device().name() + " stays up while reconnecting; packets into the tunnel are dropped until "
                    + "it is back (its routes keep them from going outside)");
        }
    }

    @Override
    public void reconnected(TunnelParameters p) {
        TunInterface t = open;
        if (t != null && p.mtu() != mtu) {
            // the addresses are the same (the client checked); a new MTU would need the routes' path MTU redone
            out.accept(t.device().name() + " keeps MTU " + mtu + " (the gateway now gives " + p.mtu() + ")");
        }
    }

    /** The device's name once open; empty before. */
    public synchronized java.util.Optional<String> deviceName() {
        return tun == null ? java.util.Optional.empty() : java.util.Optional.of(tun.device().name());
    }

    /** Idempotent and safe from any thread (the session's end, a shutdown hook). */
    @Override
    public void close() {
        TunInterface t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = tun;
        }
        open = null;
        if (t == null) {
            return;
        }
        String name = t.device().name();
        try {
            t.close();
        } catch (RuntimeException e) {
            LOG.warn("removing TUN device {} failed: {}", name, e.toString());
            out.accept(name + ": could not be removed cleanly: " + e.getMessage());
            return;
        }
        TunCounters c = t.device().counters();
        out.accept("TUN device " + name + " removed with its addresses and routes" + t.pinnedRoute().map(r ->
                ", route " + r.route() + " deleted").orElse("") + (t.excludedRoutes().isEmpty() ? ""
                : ", " + t.excludedRoutes().size() + " split-exclude route(s) deleted") + " (packets from it "
                + c.packetsIn() + ", to it " + c.packetsOut() + ", write drops " + c.writeDrops() + ")");
    }
}
