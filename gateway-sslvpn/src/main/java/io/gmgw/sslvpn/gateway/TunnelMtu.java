package io.gmgw.sslvpn.gateway;

import java.util.OptionalInt;

/**
 * The link and tunnel MTU of one tunnel, as ocserv computes them (cstp.md §7): the link MTU is the smallest of the
 * gateway's configured one, the client's (X-CSTP-Base-MTU, or its X-CSTP-MTU plus the overhead) and the TCP
 * connection's path MTU as the gateway knows it, and the tunnel MTU is the link
 * MTU less the IP and UDP headers a later DTLS channel would need (28 bytes over IPv4, 48 over IPv6), so that adding
 * DTLS never renegotiates. IPv6 inside the tunnel needs 1280 (RFC 8200 §5): below that it is withheld, as ocserv does.
 *
 * @param link   the link MTU (X-CSTP-Base-MTU in the reply)
 * @param tunnel the tunnel MTU (X-CSTP-MTU in the reply)
 */
public record TunnelMtu(int link, int tunnel) {
    /** IPv6's minimum link MTU (RFC 8200 §5). */
    public static final int IPV6_MIN = 1280;
    private static final int OVER_IPV4 = 20 + 8;
    private static final int OVER_IPV6 = 40 + 8;

    /** As {@link #of(int, ConnectRequest, OptionalInt, boolean)} without a known path MTU. */
    public static TunnelMtu of(int gatewayLink, ConnectRequest request, boolean outerIpv6) {
        return of(gatewayLink, request, OptionalInt.empty(), outerIpv6);
    }

    /**
     * @param gatewayLink the configured link MTU
     * @param request     the client's headers
     * @param pathMtu     the connection's path MTU at the gateway (ocserv lowers to the TCP path's), if known
     * @param outerIpv6   the client reached the gateway over IPv6
     */
    public static TunnelMtu of(int gatewayLink, ConnectRequest request, OptionalInt pathMtu, boolean outerIpv6) {
        int overhead = outerIpv6 ? OVER_IPV6 : OVER_IPV4;
        int link = pathMtu.isPresent() ? Math.min(gatewayLink, pathMtu.getAsInt()) : gatewayLink;
        if (request.baseMtu().isPresent()) {
            link = Math.min(link, request.baseMtu().getAsInt());
        } else if (request.mtu().isPresent()) {
            link = Math.min(link, request.mtu().getAsInt() + overhead);
        }
        // openconnect never goes below 1280 (§7); a smaller claim is not trusted below the minimum IPv4 datagram.
        link = Math.max(link, GatewaySettings.MIN_LINK_MTU);
        return new TunnelMtu(link, link - overhead);
    }

    /**
     * This MTU raised to carry IPv6, for a reconnect of a tunnel that had IPv6: openconnect aborts when a reconnect
     * drops it (cstp.md §9), and its own tunnel MTU never goes below 1280 (§7).
     */
    public TunnelMtu withIpv6Floor() {
        return carriesIpv6() ? this : new TunnelMtu(link + IPV6_MIN - tunnel, IPV6_MIN);
    }

    /** Whether IPv6 fits in this tunnel. */
    public boolean carriesIpv6() {
        return tunnel >= IPV6_MIN;
    }
}
