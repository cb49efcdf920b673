package io.gmgw.sslvpn.server;

import io.gmgw.gateway.config.DataPlaneSettings;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.gateway.packet.PacketSink;
import io.gmgw.gateway.pool.AddressPool;
import io.gmgw.gateway.responder.EchoResponder;
import io.gmgw.gateway.route.PacketRouter;
import io.gmgw.gateway.tun.IpCommand;
import io.gmgw.gateway.tun.TunDevice;
import io.gmgw.gateway.tun.TunSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * Where users' packets go, as {@code data-plane.mode} says. {@code tun}: a TUN device, up with the gateway's tunnel
 * address of every pool (with the pool's prefix, so the pools are on-link through it) and the tunnel MTU; the kernel
 * routes from there (root or CAP_NET_ADMIN). {@code responder}: no device and no privilege; gateway-core's
 * {@link EchoResponder} answers ICMP/ICMPv6 echo and UDP echo (port 7) sent to the gateway's tunnel addresses.
 *
 * <p>Responder packets are treated as packets of any inside host: the request passed the group's ACL on its way in
 * (FROM_CLIENT) and the reply passes it on its way out (TO_CLIENT), so a group's ACL must permit ICMP (or UDP 7) to the
 * gateway's tunnel address for a ping to be answered (docs/data-plane.md). No exception for the gateway's own
 * addresses: the ACL is the one place that says what a user may reach.
 */
final class DataPlane implements AutoCloseable {
    private final String description;
    private final PacketSink outside;
    private final TunDevice device;

    private DataPlane(String description, PacketSink outside, TunDevice device) {
        this.description = description;
        this.outside = outside;
        this.device = device;
    }

    /** Opens the data plane; its packets come back through {@code router}. */
    static DataPlane open(DataPlaneSettings settings, List<AddressPool> pools, int tunnelMtu, PacketRouter router,
            ByteBufAllocator alloc) {
        List<IpPrefix> own = pools.stream().map(p -> new IpPrefix(p.gateway(), p.network().length())).toList();
        if (settings.mode() == DataPlaneSettings.Mode.RESPONDER) {
            EchoResponder responder = new EchoResponder(alloc, pools.stream().map(AddressPool::gateway).toList(),
                    tunnelMtu);
            PacketSink sink = packet -> {
                ByteBuf reply = responder.respond(packet);
                return reply == null || router.accept(reply);
            };
            return new DataPlane("responder (answers ping and UDP echo on " + own + ")", sink, null);
        }
        TunDevice tun = TunDevice.open(settings.device(), alloc);
        try {
            new IpCommand().apply(tun.name(), new TunSettings(tunnelMtu, own, List.of()));
            tun.start(router);
        } catch (RuntimeException e) {
            tun.close();
            throw e;
        }
        return new DataPlane("tun device " + tun.name() + " (" + own + ", mtu " + tunnelMtu + ")", tun, tun);
    }

    /** Where packets from clients go. */
    PacketSink outside() {
        return outside;
    }

    /** For the start line: {@code tun device gmgw0 (...)} or {@code responder (...)}. */
    String description() {
        return description;
    }

    @Override
    public void close() {
        if (device != null) {
            device.close();
        }
    }
}
