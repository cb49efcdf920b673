package io.gmgw.gateway.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.GatewayException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpPrefixTest {
    @Test
    void parsesNetworksInterfaceAddressesAndBareHosts() {
        IpPrefix net = IpPrefix.parse(" 10.8.0.0/24 ", "pool");
        assertTrue(net.isIpv4() && net.isNetwork());
        assertEquals("10.8.0.0/24", net.toString());
        assertEquals("255.255.255.0", net.ipv4Netmask());
        IpPrefix iface = IpPrefix.parse("10.8.0.1/24", "pool");
        assertFalse(iface.isNetwork());
        assertEquals(net, iface.network());
        assertEquals(32, IpPrefix.parse("192.0.2.7", "host").length());
        IpPrefix v6 = IpPrefix.parse("fd00:8::1/64", "pool");
        assertTrue(v6.isIpv6());
        assertEquals(IpPrefix.parse("fd00:8::/64", "pool"), v6.network());
        assertEquals(128, IpPrefix.parse("::1", "host").length());
        assertEquals("0.0.0.0", IpPrefix.parse("0.0.0.0/0", "route").ipv4Netmask());
        assertEquals("255.255.255.254", IpPrefix.parse("10.0.0.0/31", "route").ipv4Netmask());
    }

    @Test
    void containsRespectsThePrefixAndTheFamily() {
        IpPrefix net = IpPrefix.parse("10.8.0.0/22", "pool");
        assertTrue(net.contains(InetAddress.ofLiteral("10.8.3.255")));
        assertFalse(net.contains(InetAddress.ofLiteral("10.8.4.0")));
        assertFalse(net.contains(InetAddress.ofLiteral("fd00::1")));
        assertTrue(IpPrefix.parse("0.0.0.0/0", "r").contains(InetAddress.ofLiteral("203.0.113.9")));
        assertTrue(IpPrefix.parse("fd00:8::/61", "r").contains(InetAddress.ofLiteral("fd00:8:0:7::1")));
        assertFalse(IpPrefix.parse("fd00:8::/61", "r").contains(InetAddress.ofLiteral("fd00:8:0:8::1")));
    }

    @Test
    void badValuesAreConfigErrorsThatNameWhatWasBeingRead() {
        for (String bad : new String[] {"", "10.8.0", "10.8.0.0/33", "10.8.0.0/-1", "10.8.0.0/x", "fd00::/129",
                "vpn.example.com/24"}) {
            GatewayException e = assertThrows(GatewayException.class, () -> IpPrefix.parse(bad, "ipv4-network"));
            assertEquals(GatewayException.Kind.CONFIG, e.kind());
            assertTrue(e.getMessage().startsWith("ipv4-network: '" + bad + "'"), e.getMessage());
        }
    }
}
