package io.gmgw.gateway.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.ip.IpPrefix;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's TUN mode in a namespace with a veth "uplink" and a default route: a full tunnel takes the default
 * route by its two halves, the VPN server stays reachable through the uplink by a pinned host route, split-exclude
 * networks stay on the uplink too, and close puts the routing table back exactly as it was.
 */
class TunInterfaceTest {
    private static final InetAddress SERVER = InetAddress.ofLiteral("198.51.100.7");

    private static TunNamespace uplinked(String suffix) throws Exception {
        TunNamespace ns = TunNamespace.create(suffix);
        for (String[] c : new String[][] {{"link", "add", "up0", "type", "veth", "peer", "name", "up1"},
                {"addr", "add", "192.0.2.1/24", "dev", "up0"}, {"link", "set", "up0", "up"},
                {"link", "set", "up1", "up"}, {"route", "add", "default", "via", "192.0.2.254"}}) {
            TunNamespace.Result r = ns.ip(c);
            assertEquals(0, r.code(), String.join(" ", c) + ": " + r.output());
        }
        return ns;
    }

    @Test
    void aFullTunnelKeepsTheServerOnTheUplinkAndCloseRestoresTheRoutes() throws Exception {
        try (TunNamespace ns = uplinked("full")) {
            String before = ns.ip("-4", "route", "show").output();
            TunSettings settings = new TunSettings(1400, List.of(IpPrefix.parse("10.240.0.2/24", "reply")),
                    List.of(IpPrefix.parse("0.0.0.0/0", "reply")));
            IpCommand ip = new IpCommand().inNamespace(ns.name);
            try (TunInterface tun = TunInterface.open("gmgwi%d", settings, SERVER, ip,
                    PooledByteBufAllocator.DEFAULT)) {
                String dev = tun.device().name();
                assertTrue(tun.pinnedRoute().isPresent());
                assertEquals("198.51.100.7/32 via 192.0.2.254 dev up0", tun.pinnedRoute().get().route());
                assertTrue(ns.ip("route", "get", "198.51.100.7").output().contains("dev up0"));
                assertTrue(ns.ip("route", "get", "203.0.113.9").output().contains("dev " + dev));
                assertTrue(ns.ip("route", "get", "10.240.0.9").output().contains("dev " + dev));
                String routes = ns.ip("-4", "route", "show").output();
                assertTrue(routes.contains("0.0.0.0/1 dev " + dev) && routes.contains("128.0.0.0/1 dev " + dev),
                        routes);
                assertTrue(routes.contains("default via 192.0.2.254"), "the old default route stays: " + routes);
            }
            assertEquals(before, ns.ip("-4", "route", "show").output(), "close restores the routing table");
        }
    }

    @Test
    void splitRoutesThatMissTheServerNeedNoPinnedRoute() throws Exception {
        try (TunNamespace ns = uplinked("split")) {
            TunSettings settings = new TunSettings(1400, List.of(IpPrefix.parse("10.240.0.2/24", "reply"),
                    IpPrefix.parse("fd00:240::2/64", "reply")), List.of(IpPrefix.parse("192.168.10.0/24", "reply"),
                    IpPrefix.parse("fd00:10::/64", "reply")));
            try (TunInterface tun = TunInterface.open("", settings, SERVER, new IpCommand().inNamespace(ns.name),
                    PooledByteBufAllocator.DEFAULT)) {
                assertFalse(tun.pinnedRoute().isPresent());
                assertTrue(ns.ip("route", "get", "192.168.10.4").output().contains("dev " + tun.device().name()));
                assertTrue(ns.ip("-6", "route", "get", "fd00:10::4").output().contains("dev "
                        + tun.device().name()));
                assertTrue(ns.ip("route", "get", "198.51.100.7").output().contains("dev up0"));
            }
        }
    }

    @Test
    void splitExcludeNetworksStayOnTheUplinkAndCloseRemovesThem() throws Exception {
        try (TunNamespace ns = uplinked("excl")) {
            String before = ns.ip("-4", "route", "show").output();
            TunSettings settings = new TunSettings(1400, List.of(IpPrefix.parse("10.240.0.2/24", "reply")),
                    List.of(IpPrefix.parse("0.0.0.0/0", "reply")));
            List<IpPrefix> exclude = List.of(IpPrefix.parse("203.0.113.0/24", "reply"),
                    IpPrefix.parse("192.0.2.0/24", "reply"), IpPrefix.parse("fd00:77::/64", "reply"));
            try (TunInterface tun = TunInterface.open("gmgwx%d", settings, SERVER, exclude,
                    new IpCommand().inNamespace(ns.name), PooledByteBufAllocator.DEFAULT)) {
                String dev = tun.device().name();
                assertEquals(List.of("203.0.113.0/24 via 192.0.2.254 dev up0"),
                        tun.excludedRoutes().stream().map(PinnedRoute::route).toList(),
                        "192.0.2.0/24 has its own route already: not ours to add or remove");
                assertEquals(1, tun.notExcluded().size(), "no IPv6 route outside today: " + tun.notExcluded());
                assertTrue(tun.notExcluded().getFirst().startsWith("fd00:77::/64: "), tun.notExcluded()::toString);
                assertTrue(ns.ip("route", "get", "203.0.113.9").output().contains("via 192.0.2.254 dev up0"),
                        "an excluded network goes the old way");
                assertTrue(ns.ip("route", "get", "198.18.0.1").output().contains("dev " + dev),
                        "the rest goes into the tunnel");
            }
            assertEquals(before, ns.ip("-4", "route", "show").output(), "close restores the routing table");
        }
    }

    @Test
    void aFailureHalfwayUndoesWhatWasDone() throws Exception {
        try (TunNamespace ns = uplinked("undo")) {
            String before = ns.ip("-4", "route", "show").output();
            // The second route is one the kernel refuses (a duplicate): the device and the pinned route must go.
            TunSettings settings = new TunSettings(1400, List.of(IpPrefix.parse("10.240.0.2/24", "reply")),
                    List.of(IpPrefix.parse("0.0.0.0/0", "reply"), IpPrefix.parse("0.0.0.0/1", "reply")));
            GatewayException e = assertThrows(GatewayException.class, () -> TunInterface.open("gmgwu%d", settings,
                    SERVER, new IpCommand().inNamespace(ns.name), PooledByteBufAllocator.DEFAULT));
            assertEquals(GatewayException.Kind.RESOURCE, e.kind());
            assertTrue(e.getMessage().contains("route add 0.0.0.0/1") && e.getMessage().contains("File exists"),
                    e.getMessage());
            assertEquals(before, ns.ip("-4", "route", "show").output());
            assertFalse(ns.ip("link", "show").output().contains("gmgwu"));
        }
    }
}
