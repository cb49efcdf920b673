package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.sslvpn.gateway.GatewayHarness.Conn;
import io.gmgw.sslvpn.gateway.GatewayHarness.Reply;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

/**
 * Sessions per user and the banner are per group, as ocserv's per-group config ({@code max-same-clients},
 * {@code banner}): through login and CONNECT, each user gets their own group's limit and banner, and a group that
 * sets none gets the gateway's. A group's split-exclude routes reach the client as ocserv sends them.
 */
class PerGroupSettingsTest {
    static final X509CertificateHolder ALICE = GatewayExchangeTest.ALICE; // OU=staff
    static final X509CertificateHolder CAROL = TestCertificates.issue("CN=carol,OU=contractors,O=gmgw test", 0x3003);
    static final X509CertificateHolder DAVE = TestCertificates.issue("CN=dave,OU=lab,O=gmgw test", 0x3004);

    /** A test group with its own session limit, banner and split-exclude routes. */
    record ConfiguredGroup(GroupPolicy base, OptionalInt maxSessionsPerUser, Optional<String> banner,
            List<IpPrefix> excludeRoutes) implements GroupPolicy {
        static ConfiguredGroup of(String name, OptionalInt max, Optional<String> banner) {
            TestPolicy s = TestPolicy.staff();
            return new ConfiguredGroup(new TestPolicy(name, s.routes(), s.dns(), s.defaultDomains(), s.splitDns(),
                    s.tunnelAllDns(), Set.of()), max, banner, List.of());
        }

        @Override
        public String name() {
            return base.name();
        }

        @Override
        public List<IpPrefix> routes() {
            return base.routes();
        }

        @Override
        public List<InetAddress> dns() {
            return base.dns();
        }

        @Override
        public List<String> defaultDomains() {
            return base.defaultDomains();
        }

        @Override
        public List<String> splitDns() {
            return base.splitDns();
        }

        @Override
        public boolean tunnelAllDns() {
            return base.tunnelAllDns();
        }

        @Override
        public PacketVerdict check(ByteBuf packet, Direction direction) {
            return base.check(packet, direction);
        }
    }

    private static GatewayHarness harness() {
        return new GatewayHarness(GatewaySettings.builder().maxSessionsPerUser(2).banner("gateway banner").build(),
                new TestPool(16, false), null, Map.of(
                        "staff", ConfiguredGroup.of("staff", OptionalInt.of(1), Optional.of("staff only")),
                        "contractors", ConfiguredGroup.of("contractors", OptionalInt.of(3), Optional.empty()),
                        "lab", ConfiguredGroup.of("lab", OptionalInt.empty(), Optional.of("lab: 100% test"))));
    }

    /** Opens tunnels for {@code cert} until one is refused or {@code tries} are up; the open ones stay open. */
    private static List<Conn> openUpTo(GatewayHarness h, X509CertificateHolder cert, int tries, List<Reply> replies) {
        List<Conn> open = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            Conn c = GatewayExchangeTest.tunnel(h, cert, GatewayExchangeTest.login(h, cert));
            Reply r = c.reply();
            replies.add(r);
            if (r.status() != 200) {
                c.finishAndReleaseAll();
                break;
            }
            open.add(c);
        }
        return open;
    }

    @Test
    void eachGroupHasItsOwnSessionLimit() {
        GatewayHarness h = harness();
        List<Reply> alice = new ArrayList<>();
        List<Conn> aliceOpen = openUpTo(h, ALICE, 5, alice);
        assertEquals(1, aliceOpen.size(), "staff allows 1");
        assertEquals(503, alice.getLast().status());
        assertTrue(alice.getLast().header("X-Reason").contains("max-sessions-per-user 1 of group 'staff'"),
                alice.getLast().header("X-Reason"));

        List<Reply> carol = new ArrayList<>();
        List<Conn> carolOpen = openUpTo(h, CAROL, 5, carol);
        assertEquals(3, carolOpen.size(), "contractors allow 3, whatever staff allows");
        assertTrue(carol.getLast().header("X-Reason").contains("max-sessions-per-user 3 of group 'contractors'"),
                carol.getLast().header("X-Reason"));

        List<Reply> dave = new ArrayList<>();
        List<Conn> daveOpen = openUpTo(h, DAVE, 5, dave);
        assertEquals(2, daveOpen.size(), "lab sets none: the gateway's 2");

        assertEquals(3, h.auditSink.of("sslvpn.session-start").stream().filter(e -> !e.outcome().id()
                .equals("success")).count(), "one refusal each, audited");
        assertEquals(6, h.pool.inUse());
        aliceOpen.forEach(Conn::finishAndReleaseAll);
        carolOpen.forEach(Conn::finishAndReleaseAll);
        daveOpen.forEach(Conn::finishAndReleaseAll);
    }

    @Test
    void eachGroupShowsItsOwnBanner() {
        GatewayHarness h = harness();
        Map<X509CertificateHolder, String> banners = new java.util.LinkedHashMap<>();
        for (X509CertificateHolder cert : List.of(ALICE, CAROL, DAVE)) {
            Conn c = GatewayExchangeTest.tunnel(h, cert, GatewayExchangeTest.login(h, cert));
            Reply r = c.reply();
            assertEquals(200, r.status());
            banners.put(cert, r.header("X-CSTP-Banner"));
            c.finishAndReleaseAll();
        }
        assertEquals("staff only", banners.get(ALICE));
        assertEquals("gateway banner", banners.get(CAROL), "contractors set none: the gateway's");
        assertEquals("lab: 100%25 test", banners.get(DAVE), "percent-encoded as the gateway's (cstp.md §4)");

        GatewayHarness plain = new GatewayHarness(GatewaySettings.builder().build(), new TestPool(4, false), null,
                Map.of("contractors", ConfiguredGroup.of("contractors", OptionalInt.empty(), Optional.empty())));
        Conn c = GatewayExchangeTest.tunnel(plain, CAROL, GatewayExchangeTest.login(plain, CAROL));
        assertNull(c.reply().header("X-CSTP-Banner"), "no banner anywhere: no header");
        c.finishAndReleaseAll();
    }

    @Test
    void aGroupsExcludeRoutesAreSentAsSplitExclude() {
        ConfiguredGroup base = ConfiguredGroup.of("staff", OptionalInt.empty(), Optional.empty());
        ConfiguredGroup staff = new ConfiguredGroup(base.base(), OptionalInt.empty(), Optional.empty(), List.of(
                new IpPrefix(TestPool.addr("10.20.5.0"), 24), new IpPrefix(TestPool.addr("fd00:20:5::"), 64)));
        GatewayHarness h = new GatewayHarness(GatewaySettings.builder().build(), new TestPool(4, true), null,
                Map.of("staff", staff));
        Conn c = GatewayExchangeTest.tunnel(h, ALICE, GatewayExchangeTest.login(h, ALICE));
        Reply r = c.reply();
        assertEquals(200, r.status());
        assertEquals(List.of("10.20.5.0/255.255.255.0"), r.all("X-CSTP-Split-Exclude"), "ocserv's dotted form");
        assertEquals(List.of("fd00:20:5::/64"), r.all("X-CSTP-Split-Exclude-IP6"));
        c.finishAndReleaseAll();

        Conn v4 = GatewayExchangeTest.tunnel(h, ALICE, GatewayExchangeTest.login(h, ALICE),
                "X-CSTP-Address-Type: IPv4");
        Reply r4 = v4.reply();
        assertEquals(List.of("10.20.5.0/255.255.255.0"), r4.all("X-CSTP-Split-Exclude"));
        assertEquals(List.of(), r4.all("X-CSTP-Split-Exclude-IP6"), "no IPv6 routes to a client without IPv6");
        v4.finishAndReleaseAll();
    }
}
