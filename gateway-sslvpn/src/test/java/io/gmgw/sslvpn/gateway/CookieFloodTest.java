package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.gateway.GatewayHarness.Conn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One certificate holder logging in over and over cannot fill the cookie store and lock others out (security review
 * #2): each identity keeps at most {@link CookieStore#IDLE_LOGINS_PER_IDENTITY} logins without a tunnel.
 */
class CookieFloodTest {
    @Test
    void alicesHundredLoginsDoNotBlockBob() {
        GatewayHarness h = new GatewayHarness(GatewaySettings.builder().maxCookies(20).banPointsConnection(0).build(),
                new TestPool(8, true));
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            cookies.add(GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE));
        }
        assertEquals(CookieStore.IDLE_LOGINS_PER_IDENTITY, h.gateway.cookies.size());
        assertEquals(200, loginStatus(h, GatewayNegativeTest.BOB), "bob still logs in");

        // Alice's oldest logins made room; her newest work.
        Conn old = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE, cookies.getFirst());
        assertEquals(401, old.reply().status());
        old.finishAndReleaseAll();
        Conn fresh = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE, cookies.getLast());
        assertEquals(200, fresh.reply().status());
        fresh.finishAndReleaseAll();
    }

    @Test
    void aLoginInUseIsNeverDroppedToMakeRoom() {
        GatewayHarness h = new GatewayHarness(GatewaySettings.builder().banPointsConnection(0).build(),
                new TestPool(8, true));
        String inUse = GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE);
        Conn tunnel = GatewayExchangeTest.tunnel(h, GatewayExchangeTest.ALICE, inUse);
        assertEquals(200, tunnel.reply().status());
        for (int i = 0; i < 3 * CookieStore.IDLE_LOGINS_PER_IDENTITY; i++) {
            GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE);
        }
        assertTrue(tunnel.isActive());
        assertEquals(CookieStore.IDLE_LOGINS_PER_IDENTITY + 1, h.gateway.cookies.size());
        tunnel.finishAndReleaseAll();
    }

    private static int loginStatus(GatewayHarness h, org.bouncycastle.cert.X509CertificateHolder cert) {
        Conn c = h.connect("198.51.100.9", cert);
        c.send(GatewayHarness.init("/", null));
        int status = c.reply().status();
        c.finishAndReleaseAll();
        return status;
    }
}
