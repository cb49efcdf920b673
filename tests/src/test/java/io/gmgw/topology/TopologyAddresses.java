package io.gmgw.topology;

/**
 * The addresses of a {@link NamespaceTopology}. Every topology uses the same ones: namespaces do not see each other,
 * so two test runs side by side cannot collide. IPv6 uses unique local addresses (RFC 4193), added without duplicate
 * address detection so they work at once.
 *
 * <pre>
 *   client ──── cli0 10.71.1.2/24, fd71:1::2/64
 *               gwc0 10.71.1.1/24, fd71:1::1/64 ──── gateway (forwarding on; the VPN's pools live here)
 *               gwi0 10.71.2.1/24, fd71:2::1/64
 *   inside ──── in0  10.71.2.2/24, fd71:2::2/64     routes to the pools 10.71.3.0/24 and fd71:3::/48 via the gateway
 * </pre>
 * The client has no route to the inside network: only a tunnel gives it one (or {@link
 * NamespaceTopology#routeClientToInsideDirectly()}, the no-VPN baseline).
 */
public record TopologyAddresses(String client4, String gatewayOuter4, String gatewayInner4, String inside4,
        String clientNet4, String insideNet4, String pool4, String client6, String gatewayOuter6,
        String gatewayInner6, String inside6, String clientNet6, String insideNet6, String pool6) {

    /** The one plan every topology uses (the picture above). */
    public static final TopologyAddresses DEFAULT = new TopologyAddresses("10.71.1.2", "10.71.1.1", "10.71.2.1",
            "10.71.2.2", "10.71.1.0/24", "10.71.2.0/24", "10.71.3.0/24", "fd71:1::2", "fd71:1::1", "fd71:2::1",
            "fd71:2::2", "fd71:1::/64", "fd71:2::/64", "fd71:3::/48");

    /** Prefix length of the link networks. */
    public static final int LINK_PREFIX4 = 24;
    public static final int LINK_PREFIX6 = 64;

    /** The first address of the IPv4 pool, which ocserv (and a gateway like it) takes for its own end of tunnels. */
    public String poolGateway4() {
        String network = pool4.substring(0, pool4.indexOf('/'));
        return network.substring(0, network.lastIndexOf('.')) + ".1";
    }
}
