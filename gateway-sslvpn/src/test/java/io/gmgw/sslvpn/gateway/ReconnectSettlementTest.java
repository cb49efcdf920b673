package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gmgw.sslvpn.gateway.GatewayHarness.Conn;
import io.gmgw.sslvpn.gateway.GatewayHarness.Reply;
import org.junit.jupiter.api.Test;

/**
 * A reconnect gets the addresses the first CONNECT got, IPv6 included, whatever its own headers say: openconnect
 * aborts when a reconnect changes them (cstp.md §9; security review #11).
 */
class ReconnectSettlementTest {
    private static Reply connect(GatewayHarness h, String cookie, String... extra) {
        Conn c = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE, cookie, extra);
        Reply r = c.reply();
        c.close();
        c.finishAndReleaseAll();
        return r;
    }

    @Test
    void ipv6OfferedAtTheFirstConnectStaysOnAReconnectWithASmallerMtu() {
        GatewayHarness h = new GatewayHarness();
        String cookie = GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE);
        Reply first = connect(h, cookie);
        assertEquals(200, first.status());
        String v6 = first.header("X-CSTP-Address-IP6");
        assertNotNull(v6, "the first CONNECT, with tunnel MTU 1472, gets IPv6");

        // The reconnect's path is narrower (tunnel MTU 1300 - 28 = 1272 < 1280): IPv6 stays, the MTU is kept at 1280.
        Reply again = connect(h, cookie, "X-CSTP-Base-MTU: 1300", "X-CSTP-Address: 192.168.99.2");
        assertEquals(200, again.status());
        assertEquals(v6, again.header("X-CSTP-Address-IP6"));
        assertEquals("1280", again.header("X-CSTP-MTU"));
        assertEquals("1308", again.header("X-CSTP-Base-MTU"));
    }

    @Test
    void noIpv6AtTheFirstConnectMeansNoneOnReconnects() {
        GatewayHarness h = new GatewayHarness();
        String cookie = GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE);
        Reply first = connect(h, cookie, "X-CSTP-Base-MTU: 1300");
        assertEquals(200, first.status());
        assertNull(first.header("X-CSTP-Address-IP6"));
        Reply again = connect(h, cookie);
        assertEquals(200, again.status());
        assertNull(again.header("X-CSTP-Address-IP6"), "a reconnect does not add an address either");
        assertEquals(first.header("X-CSTP-Address"), again.header("X-CSTP-Address"));
    }
}
