package io.gmgw.sslvpn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every reply-header form of cstp.md §4. */
class TunnelParametersTest {
    private static List<Map.Entry<String, String>> headers(String... nameValue) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            list.add(Map.entry(nameValue[i], nameValue[i + 1]));
        }
        return list;
    }

    @Test
    void ocservIpv4WithDottedRoutes() {
        TunnelParameters p = TunnelParameters.fromHeaders(headers(
                "X-CSTP-Version", "1", "X-CSTP-Address", "192.168.99.2", "X-CSTP-Netmask", "255.255.255.0",
                "X-CSTP-DNS", "192.168.99.1", "X-CSTP-Split-Include", "10.20.0.0/255.255.0.0",
                "X-CSTP-Split-Include", "172.16.5.9/255.255.255.0", "X-CSTP-Split-Exclude", "10.20.9.0/24",
                "X-CSTP-MTU", "1406", "X-CSTP-Base-MTU", "1500", "X-CSTP-DPD", "90", "X-CSTP-Keepalive", "32400",
                "X-CSTP-Idle-Timeout", "none", "X-CSTP-Session-Timeout", "86400",
                "X-CSTP-Default-Domain", "corp.example lab.example", "X-CSTP-Smartcard-Removal-Disconnect", "true"));
        assertEquals("192.168.99.2", p.address4().orElseThrow().getHostAddress());
        assertEquals(24, p.netmask4().orElseThrow().length());
        assertEquals("[10.20.0.0/16, 172.16.5.0/24]", p.splitInclude4().toString(), "host bits cleared");
        assertEquals("[10.20.9.0/24]", p.splitExclude4().toString());
        assertEquals("255.255.0.0", p.splitInclude4().get(0).ipv4Netmask());
        assertEquals(1406, p.mtu());
        assertEquals(Optional.of(1500), p.baseMtu());
        assertEquals(Duration.ofSeconds(90), p.dpd());
        assertEquals(Duration.ofSeconds(32400), p.keepalive());
        assertEquals(Optional.empty(), p.idleTimeout());
        assertEquals(Optional.of(Duration.ofDays(1)), p.sessionTimeout());
        assertEquals(List.of("corp.example", "lab.example"), p.defaultDomains());
        assertTrue(p.smartcardRemovalDisconnect());
        assertEquals(Optional.empty(), p.address6());
        assertEquals(15, p.cstpHeaders().size(), "every X-CSTP header kept raw, in order");
        assertEquals("192.168.99.2/24", p.addressSummary());
    }

    @Test
    void ipv6ByAddressIp6AndCidrRoutes() {
        TunnelParameters p = TunnelParameters.fromHeaders(headers(
                "X-CSTP-Address-IP6", "fd00:99::5/64", "X-CSTP-Split-Include-IP6", "fd00:20::1/48",
                "X-CSTP-Split-Include", "10.0.0.0/8", "X-CSTP-DNS", "fd00:99::1", "X-CSTP-MTU", "1400"));
        assertEquals("fd00:99::5/64", p.address6().orElseThrow().toString());
        assertEquals("[fd00:20::/48]", p.splitInclude6().toString());
        assertEquals("[10.0.0.0/8]", p.splitInclude4().toString());
        assertEquals(Optional.empty(), p.address4());
        assertEquals(List.of(InetAddress.ofLiteral("fd00:99::1")), p.dns());
    }

    @Test
    void legacyIpv6AddressAndNetmask() {
        TunnelParameters p = TunnelParameters.fromHeaders(headers("X-CSTP-Address", "192.168.1.5",
                "X-CSTP-Address", "2001:db8::5", "X-CSTP-Netmask", "255.255.255.128",
                "X-CSTP-Netmask", "2001:db8::/64", "X-CSTP-MTU", "1300"));
        assertEquals("192.168.1.5/25", p.addressSummary().split(", ")[0]);
        assertEquals(64, p.address6().orElseThrow().length());
        assertEquals(InetAddress.ofLiteral("2001:db8::5"), p.address6().orElseThrow().address());
    }

    @Test
    void largerOfCstpAndDtlsMtuWins() {
        TunnelParameters p = TunnelParameters.fromHeaders(headers("X-CSTP-Address", "10.1.1.1",
                "X-CSTP-MTU", "1300", "X-DTLS-MTU", "1400"));
        assertEquals(1400, p.mtu());
        assertEquals(32, p.netmask4().orElseThrow().length(), "no netmask: a host address");
    }

    @Test
    void atMostThreeDnsServers() {
        TunnelParameters p = TunnelParameters.fromHeaders(headers("X-CSTP-Address", "10.1.1.1", "X-CSTP-MTU", "1400",
                "X-CSTP-DNS", "10.0.0.1", "X-CSTP-DNS", "10.0.0.2", "X-CSTP-DNS-IP6", "fd00::1",
                "X-CSTP-DNS", "10.0.0.4"));
        assertEquals(3, p.dns().size());
    }

    @Test
    void bannerIsPercentDecoded() {
        TunnelParameters p = TunnelParameters.fromHeaders(headers("X-CSTP-Address", "10.1.1.1", "X-CSTP-MTU", "1400",
                "X-CSTP-Banner", "Welcome%20to%20gmgw%0A1+1"));
        assertEquals("Welcome to gmgw\n1+1", p.banner());
    }

    @Test
    void missingMtuOrAddressIsRefused() {
        VpnClientException noMtu = assertThrows(VpnClientException.class,
                () -> TunnelParameters.fromHeaders(headers("X-CSTP-Address", "10.1.1.1")));
        assertTrue(noMtu.getMessage().startsWith("No MTU received"));
        VpnClientException noAddr = assertThrows(VpnClientException.class,
                () -> TunnelParameters.fromHeaders(headers("X-CSTP-MTU", "1400")));
        assertTrue(noAddr.getMessage().startsWith("No IP address received"));
    }

    @Test
    void compressionWeDidNotOfferIsRefused() {
        assertThrows(VpnClientException.class, () -> TunnelParameters.fromHeaders(headers("X-CSTP-Address",
                "10.1.1.1", "X-CSTP-MTU", "1400", "X-CSTP-Content-Encoding", "lzs")));
    }

    @Test
    void malformedValuesNameTheHeader() {
        VpnClientException e = assertThrows(VpnClientException.class, () -> TunnelParameters.fromHeaders(headers(
                "X-CSTP-Address", "10.1.1.1", "X-CSTP-MTU", "1400", "X-CSTP-Split-Include", "vpn.example/24")));
        assertTrue(e.getMessage().contains("X-CSTP-Split-Include"), e.getMessage());
        assertThrows(VpnClientException.class, () -> TunnelParameters.fromHeaders(headers("X-CSTP-Address",
                "10.1.1.1", "X-CSTP-MTU", "1400", "X-CSTP-Netmask", "255.0.255.0")));
        assertThrows(VpnClientException.class, () -> TunnelParameters.fromHeaders(headers("X-CSTP-Address",
                "10.1.1.1", "X-CSTP-MTU", "lots")));
    }

    @Test
    void sameAddressesComparesV4MaskAndV6() {
        TunnelParameters a = TunnelParameters.fromHeaders(headers("X-CSTP-Address", "10.1.1.1", "X-CSTP-MTU", "1400",
                "X-CSTP-Netmask", "255.255.255.0"));
        TunnelParameters same = TunnelParameters.fromHeaders(headers("X-CSTP-Address", "10.1.1.1",
                "X-CSTP-MTU", "1300", "X-CSTP-Netmask", "255.255.255.0"));
        TunnelParameters otherMask = TunnelParameters.fromHeaders(headers("X-CSTP-Address", "10.1.1.1",
                "X-CSTP-MTU", "1400", "X-CSTP-Netmask", "255.255.0.0"));
        assertTrue(a.sameAddresses(same));
        assertFalse(a.sameAddresses(otherMask));
    }
}
