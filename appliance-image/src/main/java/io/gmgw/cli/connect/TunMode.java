package io.gmgw.cli.connect;

import io.gmgw.cli.CommandFailedException;
import io.gmgw.cli.ExitCode;
import io.gmgw.gateway.tun.IpCommand;
import io.gmgw.sslvpn.client.VpnUrl;
import io.gmgw.sslvpn.client.tun.TunPackets;
import io.gmgw.sslvpn.client.tun.TunPreflight;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Consumer;

/**
 * {@code gmgw connect}'s TUN mode, set up before anything else happens: the privilege check (so a user without root
 * learns it before logging in), the gateway's address (the route to it is kept outside the tunnel when the tunnel's
 * routes would take it), and the local side that creates the device when the tunnel comes up.
 */
final class TunMode {
    /** The device name when --interface is not given: the kernel numbers it (gmgw0, gmgw1, ...). */
    static final String DEFAULT_NAME = "gmgw%d";

    private TunMode() {
    }

    static TunPackets prepare(VpnUrl gateway, String name, Consumer<String> out) {
        TunPreflight.here().problem().ifPresent(p -> {
            throw new CommandFailedException(p.permission() ? ExitCode.PERMISSION_DENIED : ExitCode.UNAVAILABLE,
                    "TUN mode (no --ping or --script-tun given): " + p.message());
        });
        InetAddress server;
        try {
            // the name is looked up once here and again by the connection; for a name with several addresses the
            // first one is the one kept outside a full tunnel
            server = InetAddress.getByName(gateway.host());
        } catch (UnknownHostException e) {
            throw new CommandFailedException(ExitCode.UNAVAILABLE, "cannot resolve the gateway's name "
                    + gateway.host() + ": check the URL and this host's DNS");
        }
        return new TunPackets(name, server, new IpCommand(), PooledByteBufAllocator.DEFAULT, out);
    }
}
