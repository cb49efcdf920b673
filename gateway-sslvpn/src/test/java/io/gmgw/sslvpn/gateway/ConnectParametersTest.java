package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.ip.IpPrefix;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** CONNECT request headers (cstp.md §3) and the MTU rule (§7) as ocserv applies them. */
class ConnectParametersTest {
    private static ConnectRequest request(String... headers) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return ConnectRequest.of(h);
    }

    @Test
    void readsOpenconnectsHeadersAndToleratesTheRest() {
        ConnectRequest r = request("X-CSTP-Base-MTU", "1500", "X-CSTP-MTU", "1390", "X-CSTP-Address-Type",
                "IPv6,IPv4", "X-CSTP-Full-IPv6-Capability", "true", "X-CSTP-Address", "192.168.99.2",
                "X-CSTP-Address", "fd00:99::2", "X-CSTP-Hostname", "laptop", "X-CSTP-Local-VPNAddress-IP4", "1.2.3.4",
                "X-DTLS-Master-Secret", "00", "X-CSTP-Accept-Encoding", "oc-lz4,lzs,deflate");
        assertEquals(OptionalInt.of(1500), r.baseMtu());
        assertEquals(OptionalInt.of(1390), r.mtu());
        assertTrue(r.ipv4());
        assertTrue(r.ipv6());
        assertEquals(List.of("192.168.99.2", "fd00:99::2"), r.addresses());
        assertEquals("laptop", r.hostname());

        ConnectRequest noV6 = request("X-CSTP-Address-Type", "IPv4", "X-CSTP-Base-MTU", "lots");
        assertTrue(noV6.ipv4());
        assertFalse(noV6.ipv6(), "--disable-ipv6");
        assertTrue(noV6.baseMtu().isEmpty(), "a non-number is ignored, as ocserv does");
        assertFalse(request("X-CSTP-Address-Type", "IPv6,IPv4").ipv6(), "IPv6 needs Full-IPv6-Capability too");
    }

    @Test
    void mtuIsTheSmallerLinkLessTheUdpAndIpHeaders() {
        assertEquals(new TunnelMtu(1500, 1472), TunnelMtu.of(1500, request("X-CSTP-Base-MTU", "1500"), false));
        assertEquals(new TunnelMtu(1400, 1352), TunnelMtu.of(1500, request("X-CSTP-Base-MTU", "1400"), true));
        assertEquals(new TunnelMtu(1418, 1390), TunnelMtu.of(1500, request("X-CSTP-MTU", "1390"), false));
        assertEquals(new TunnelMtu(1300, 1272), TunnelMtu.of(1300, request(), false));
        assertFalse(TunnelMtu.of(1300, request(), false).carriesIpv6(), "below 1280 IPv6 is withheld");
        assertEquals(576, TunnelMtu.of(1500, request("X-CSTP-Base-MTU", "100"), false).link());
        assertEquals(new TunnelMtu(1450, 1422), TunnelMtu.of(1500, request("X-CSTP-Base-MTU", "1500"),
                java.util.OptionalInt.of(1450), false), "a smaller path MTU at the gateway wins (ocserv's TCP rule)");
        assertEquals(new TunnelMtu(1428, 1400), TunnelMtu.of(1428, request("X-CSTP-Base-MTU", "1500"),
                java.util.OptionalInt.of(65536), false), "loopback's path changes nothing");
    }

    @Test
    void ipv6SettingsGoOnlyToIpv6CapableClients() {
        Lease lease = new Lease("l", Optional.of(new IpPrefix(TestPool.addr("192.168.99.2"), 24)),
                Optional.of(new IpPrefix(TestPool.addr("fd00:99::2"), 64)));
        GatewaySettings s = GatewaySettings.builder().build();
        List<Map.Entry<String, String>> h = ConnectReply.headers(new ConnectReply.Tunnel(lease, false,
                new TunnelMtu(1500, 1472), TestPolicy.staff()), s);
        assertTrue(h.stream().noneMatch(e -> e.getKey().endsWith("-IP6")), h::toString);
        assertEquals(List.of("192.168.99.1"), h.stream().filter(e -> e.getKey().equals("X-CSTP-DNS"))
                .map(Map.Entry::getValue).toList());

        TestPolicy fullTunnel = new TestPolicy("all", List.of(), List.of(), List.of(), List.of(), false,
                java.util.Set.of());
        List<Map.Entry<String, String>> all = ConnectReply.headers(new ConnectReply.Tunnel(lease, true,
                new TunnelMtu(1500, 1472), fullTunnel), s);
        assertTrue(all.contains(Map.entry("X-CSTP-Tunnel-All-DNS", "true")), "no split routes = full tunnel");
        assertTrue(all.stream().noneMatch(e -> e.getKey().startsWith("X-CSTP-Split")));
        assertEquals("caf%C3%A9 %0A 100%25", ConnectReply.percentEncode("café \n 100%"));
    }
}
