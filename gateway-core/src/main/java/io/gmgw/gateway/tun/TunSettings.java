package io.gmgw.gateway.tun;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.ip.IpPrefix;
import java.util.List;

/**
 * How a TUN device is configured: its MTU, its addresses each with its on-link prefix ({@code 10.8.0.1/24}; the
 * gateway's tunnel address with the pool's prefix, or the address and netmask a client was given), and the networks
 * routed into it ({@code 192.168.10.0/24}; a client's split-include routes). Validated when built: errors are
 * {@link GatewayException}s of kind CONFIG.
 */
public record TunSettings(int mtu, List<IpPrefix> addresses, List<IpPrefix> routes) {
    /** Smallest MTU: IPv4's 576-byte datagram every host must accept (RFC 791 §3.1). */
    public static final int MIN_MTU = 576;
    /** Smallest MTU on a link that carries IPv6 (RFC 8200 §5). */
    public static final int MIN_IPV6_MTU = 1280;

    public TunSettings {
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        if (mtu < MIN_MTU || mtu > TunDevice.MAX_PACKET) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "TUN MTU " + mtu + " is outside " + MIN_MTU
                    + ".." + TunDevice.MAX_PACKET);
        }
        boolean ipv6 = addresses.stream().anyMatch(IpPrefix::isIpv6) || routes.stream().anyMatch(IpPrefix::isIpv6);
        if (ipv6 && mtu < MIN_IPV6_MTU) {
            throw new GatewayException(GatewayException.Kind.CONFIG, "TUN MTU " + mtu + " is below IPv6's minimum of "
                    + MIN_IPV6_MTU + " (RFC 8200 §5) but the device has IPv6 addresses or routes; raise the MTU or"
                    + " drop IPv6");
        }
        for (IpPrefix route : routes) {
            if (!route.isNetwork()) {
                throw new GatewayException(GatewayException.Kind.CONFIG, "route " + route + " has host bits set;"
                        + " write " + route.network());
            }
        }
    }
}
