package io.gmgw.sslvpn.client.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.client.TunnelParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the gateway's parameters become on the TUN device: vpnc-script's routes, and what is said, not applied. */
class TunPlanTest {
    private static TunnelParameters reply(String... nameValue) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            list.add(Map.entry(nameValue[i], nameValue[i + 1]));
        }
        return TunnelParameters.fromHeaders(list);
    }

    @Test
    void splitIncludesOfBothFamiliesBecomeTheRoutes() {
        TunPlan plan = TunPlan.of(reply("X-CSTP-Address", "10.71.3.17", "X-CSTP-Netmask", "255.255.255.0",
                "X-CSTP-Address-IP6", "fd71:3::5/64", "X-CSTP-Split-Include", "10.71.2.0/255.255.255.0",
                "X-CSTP-Split-Include-IP6", "fd71:2::/64", "X-CSTP-MTU", "1472"));
        assertEquals(1472, plan.settings().mtu());
        assertEquals(List.of("10.71.3.17/24", "fd71:3::5/64"),
                plan.settings().addresses().stream().map(TunPlan::show).toList());
        assertEquals(List.of("10.71.2.0/24", "fd71:2::/64"),
                plan.settings().routes().stream().map(TunPlan::show).toList());
        assertEquals("addresses 10.71.3.17/24, fd71:3::5/64, MTU 1472", plan.notices().getFirst());
        assertEquals("routes 10.71.2.0/24, fd71:2::/64", plan.notices().get(1));
        assertEquals(2, plan.notices().size(), plan.notices()::toString);
    }

    @Test
    void aFamilyWithAnAddressAndNoIncludesIsAFullTunnel() {
        // vpnc-script: no CISCO_SPLIT_INC -> default route; no CISCO_IPV6_SPLIT_INC but an IPv6 address -> ::/0
        TunPlan plan = TunPlan.of(reply("X-CSTP-Address", "192.168.99.2", "X-CSTP-Address-IP6", "fd00:99::2/64",
                "X-CSTP-Split-Include", "10.20.0.0/16", "X-CSTP-MTU", "1406"));
        assertEquals(List.of("10.20.0.0/16", "::/0"),
                plan.settings().routes().stream().map(TunPlan::show).toList());
        assertTrue(plan.notices().get(1).contains("everything of that family"), plan.notices()::toString);
        TunPlan v4 = TunPlan.of(reply("X-CSTP-Address", "192.168.99.2", "X-CSTP-MTU", "1406"));
        assertEquals("[192.168.99.2/32]", v4.settings().addresses().toString(), "no netmask: a host address");
        assertEquals("[0.0.0.0/0]", v4.settings().routes().toString());
    }

    @Test
    void ipv6IsLeftOutBelowItsMinimumMtuAndSaidSo() {
        TunPlan plan = TunPlan.of(reply("X-CSTP-Address", "192.168.99.2", "X-CSTP-Address-IP6", "fd00:99::2/64",
                "X-CSTP-Split-Include", "10.20.0.0/16", "X-CSTP-MTU", "1200"));
        assertEquals("[192.168.99.2/32]", plan.settings().addresses().toString());
        assertEquals("[10.20.0.0/16]", plan.settings().routes().toString());
        assertTrue(plan.notices().stream().anyMatch(l -> l.startsWith("IPv6 address fd00:99::2/64 not set")), plan.notices()::toString);
    }

    @Test
    void splitExcludesAreKeptOutsideTheTunnelAsVpncScriptDoes() {
        TunPlan plan = TunPlan.of(reply("X-CSTP-Address", "192.168.99.2", "X-CSTP-Address-IP6", "fd00:99::2/64",
                "X-CSTP-Split-Exclude", "10.9.0.0/255.255.0.0", "X-CSTP-Split-Exclude", "203.0.113.7",
                "X-CSTP-Split-Exclude-IP6", "2001:db8:9::/48", "X-CSTP-MTU", "1406"));
        assertEquals("[0.0.0.0/0, ::/0]", plan.settings().routes().toString(), "the tunnel takes the rest");
        assertEquals(List.of("10.9.0.0/16", "203.0.113.7/32", "2001:db8:9::/48"),
                plan.excluded().stream().map(TunPlan::show).toList());
        assertEquals("split-exclude routes 10.9.0.0/16, 203.0.113.7/32, 2001:db8:9::/48 stay outside the tunnel, on "
                + "today's path", plan.notices().get(2));
    }

    @Test
    void excludesOfAFamilyTheTunnelDoesNotCarryAndADefaultRouteAreLeftOut() {
        TunPlan plan = TunPlan.of(reply("X-CSTP-Address", "192.168.99.2", "X-CSTP-Address-IP6", "fd00:99::2/64",
                "X-CSTP-Split-Exclude", "0.0.0.0/0", "X-CSTP-Split-Exclude", "10.9.0.0/16",
                "X-CSTP-Split-Exclude", "10.9.0.0/16", "X-CSTP-Split-Exclude-IP6", "2001:db8:9::/48",
                "X-CSTP-MTU", "1200"));
        assertEquals(List.of("10.9.0.0/16"), plan.excluded().stream().map(TunPlan::show).toList(),
                "IPv6 is off below 1280, so are its excludes; /0 and the duplicate dropped");
        assertTrue(plan.notices().contains("split-exclude route 0.0.0.0/0 not applied: excluding everything would "
                + "leave nothing for the tunnel"), plan.notices()::toString);
        TunPlan v6only = TunPlan.of(reply("X-CSTP-Address-IP6", "fd00:99::2/64", "X-CSTP-Split-Exclude",
                "10.9.0.0/16", "X-CSTP-MTU", "1400"));
        assertEquals(List.of(), v6only.excluded(), "no IPv4 in the tunnel: nothing of IPv4 to keep out of it");
    }

    @Test
    void dnsIsPrintedWithTheCommandThatWouldApplyIt() {
        TunnelParameters p = reply("X-CSTP-Address", "192.168.99.2", "X-CSTP-DNS", "192.168.99.1",
                "X-CSTP-DNS", "192.168.99.3", "X-CSTP-Default-Domain", "corp.example", "X-CSTP-MTU", "1406");
        assertEquals("DNS not applied to this host's resolver (gmgw runs no vpnc-script): servers 192.168.99.1 "
                + "192.168.99.3, domain corp.example; to use them: resolvectl dns gmgw0 192.168.99.1 192.168.99.3 "
                + "&& resolvectl domain gmgw0 corp.example", TunPlan.dnsNotice(p, "gmgw0").orElseThrow());
        assertFalse(TunPlan.dnsNotice(reply("X-CSTP-Address", "192.168.99.2", "X-CSTP-MTU", "1406"), "gmgw0")
                .isPresent(), "nothing to say without DNS");
    }
}
