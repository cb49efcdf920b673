package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.gateway.GatewayException;
import io.gmgw.gateway.ip.IpPrefix;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cookie store, the ban list and the identity mapping: the gateway's login state, sans-I/O. */
class LoginStateTest {
    private static final long S = 1_000_000_000L;
    private static final Identity ALICE = new Identity("alice", "staff", "CN=alice", "1001", "CN=CA");
    private static final Lease L1 = new Lease("l1", Optional.of(new IpPrefix(TestPool.addr("192.168.99.2"), 24)),
            Optional.empty());
    private static final CookieStore.LeaseSource LEASE = id -> L1;
    private static final CookieStore.Settled SETTLED = new CookieStore.Settled(false, 0);

    @Test
    void cookiesAreRandomBoundAndExpireAsCstpMdSection9Says() {
        CookieStore store = new CookieStore(new SecureRandom(), 300 * S, 10);
        CookieStore.Login login = store.issue(ALICE, 0, new ArrayList<>());
        String cookie = CookieStore.valueOf(login);
        assertTrue(cookie.matches("[A-Za-z0-9_-]{43}"), cookie);
        assertNotEquals(cookie, CookieStore.valueOf(store.issue(ALICE, 0, new ArrayList<>())));
        assertFalse(login.id().contains(cookie.substring(0, 8)), "the log id is a hash, not a prefix");

        Object tunnel = new Object();
        assertInstanceOf(CookieStore.Claim.Refused.class,
                store.claim(cookie, "CN=bob|1|CN=CA", tunnel, S, 0, LEASE));
        CookieStore.Claim ok = store.claim(cookie, ALICE.key(), tunnel, 299 * S, 0, LEASE);
        assertInstanceOf(CookieStore.Claim.Accepted.class, ok);
        assertNull(store.commit(login, tunnel, SETTLED));
        // Held by a tunnel, it does not expire.
        assertEquals(List.of(), store.sweep(10_000 * S).stream().filter(l -> l == login).toList());
        Object reconnect = new Object();
        assertInstanceOf(CookieStore.Claim.Accepted.class,
                store.claim(cookie, ALICE.key(), reconnect, 10_000 * S, 0, LEASE));
        assertInstanceOf(CookieStore.Claim.Busy.class,
                store.claim(cookie, ALICE.key(), new Object(), 10_000 * S, 0, LEASE),
                "one CONNECT per cookie is decided at a time");
        assertSame(tunnel, store.holder(login), "the old tunnel holds the cookie until the reconnect is accepted");
        assertSame(tunnel, store.commit(login, reconnect, SETTLED));
        assertNull(store.release(login, tunnel, true, 10_001 * S), "the replaced tunnel cannot end the login");
        store.release(login, reconnect, false, 10_001 * S);
        assertInstanceOf(CookieStore.Claim.Accepted.class,
                store.claim(cookie, ALICE.key(), tunnel, 10_300 * S, 0, LEASE));
        store.commit(login, tunnel, SETTLED);
        store.release(login, tunnel, false, 10_300 * S);
        CookieStore.Claim late = store.claim(cookie, ALICE.key(), tunnel, 10_600 * S, 0, LEASE);
        assertEquals(CookieStore.Refusal.EXPIRED, ((CookieStore.Claim.Refused) late).refusal());
    }

    @Test
    void aLogoutEndsTheLoginAndHandsBackItsLease() {
        CookieStore store = new CookieStore(new SecureRandom(), 300 * S, 10);
        CookieStore.Login login = store.issue(ALICE, 0, new ArrayList<>());
        Object tunnel = new Object();
        store.claim(CookieStore.valueOf(login), ALICE.key(), tunnel, 0, 0, LEASE);
        store.commit(login, tunnel, SETTLED);
        assertSame(L1, store.release(login, tunnel, true, S));
        CookieStore.Claim gone = store.claim(CookieStore.valueOf(login), ALICE.key(), tunnel, S, 0, LEASE);
        assertEquals(CookieStore.Refusal.UNKNOWN, ((CookieStore.Claim.Refused) gone).refusal());
        assertEquals(0, store.size());
    }

    @Test
    void theStoreIsBoundedAndMakesRoomFromExpiredLogins() {
        CookieStore store = new CookieStore(new SecureRandom(), 300 * S, 2);
        store.issue(ALICE, 0, new ArrayList<>());
        store.issue(ALICE, 0, new ArrayList<>());
        GatewayException full = assertThrows(GatewayException.class,
                () -> store.issue(ALICE, S, new ArrayList<>()));
        assertEquals(GatewayException.Kind.RESOURCE, full.kind());
        assertTrue(full.getMessage().contains("max-cookies"), full.getMessage());
        List<CookieStore.Login> expired = new ArrayList<>();
        store.issue(ALICE, 300 * S, expired);
        assertEquals(2, expired.size());
        assertEquals(1, store.size());
    }

    @Test
    void aCertificateKeepsAsManyUnusedLoginsAsItsSessionsAllowAndAtLeastEight() {
        assertEquals(CookieStore.IDLE_LOGINS_PER_IDENTITY, CookieStore.idleLoginsFor(0), "no per-user limit: 8");
        assertEquals(CookieStore.IDLE_LOGINS_PER_IDENTITY, CookieStore.idleLoginsFor(2));
        assertEquals(12, CookieStore.idleLoginsFor(12));
        // A user allowed 12 tunnels can start 12 clients at the same moment: no login of the 12 is dropped...
        CookieStore store = new CookieStore(new SecureRandom(), 300 * S, 0, 100, CookieStore.idleLoginsFor(12));
        List<CookieStore.Login> dropped = new ArrayList<>();
        CookieStore.Login oldest = store.issue(ALICE, 0, dropped);
        for (int i = 1; i < 12; i++) {
            store.issue(ALICE, i, dropped);
        }
        assertEquals(List.of(), dropped);
        assertEquals(12, store.size());
        // ...and a 13th unused one still makes room by dropping the oldest (the cookie-flood bound stays).
        store.issue(ALICE, 12, dropped);
        assertEquals(List.of(oldest), dropped);
        assertEquals(12, store.size());
        CookieStore.Claim gone = store.claim(CookieStore.valueOf(oldest), ALICE.key(), new Object(), 13, 0, LEASE);
        assertEquals(CookieStore.Refusal.UNKNOWN, ((CookieStore.Claim.Refused) gone).refusal());
    }

    @Test
    void banPointsFollowOcservsModel() {
        BanList bans = new BanList(80, 1200 * S, 2);
        var a = TestPool.addr("203.0.113.1");
        for (int i = 0; i < 7; i++) {
            assertFalse(bans.add(a, 11, i * S));
        }
        assertFalse(bans.isBanned(a, 7 * S));
        assertTrue(bans.add(a, 10, 8 * S), "the point that reaches max-ban-score reports the ban once");
        assertFalse(bans.add(a, 10, 9 * S));
        assertTrue(bans.isBanned(a, 9 * S));
        assertFalse(bans.isBanned(a, 1209 * S), "forgotten ban-reset-time after the last point");
        bans.add(TestPool.addr("203.0.113.2"), 1, 0);
        bans.add(TestPool.addr("203.0.113.3"), 1, 0);
        bans.add(TestPool.addr("203.0.113.4"), 1, 0);
        assertEquals(0, bans.score(TestPool.addr("203.0.113.2"), 0), "bounded: the oldest source is forgotten");
    }

    @Test
    void userAndGroupComeFromTheConfiguredAttributesOrTheOverrides() throws Exception {
        var cert = TestCertificates.issue("CN=alice,OU=staff,UID=a.lee,O=gmgw test", 0xabc);
        Identity byDefault = new IdentityMapper(GatewaySettings.builder().build()).map(cert);
        assertEquals("alice", byDefault.user());
        assertEquals("staff", byDefault.group());
        assertEquals("abc", byDefault.serialHex());
        assertEquals(Identity.keyOf(cert), byDefault.key());

        Identity byUid = new IdentityMapper(GatewaySettings.builder().userAttribute("0.9.2342.19200300.100.1.1")
                .userGroups(Map.of("a.lee", "admins")).build()).map(cert);
        assertEquals("a.lee", byUid.user());
        assertEquals("admins", byUid.group());

        var noOu = TestCertificates.issue("CN=dave", 5);
        assertThrows(LoginRefusedException.class, () -> new IdentityMapper(GatewaySettings.builder().build())
                .map(noOu));
        assertEquals("guests", new IdentityMapper(GatewaySettings.builder().defaultGroup("guests").build())
                .map(noOu).group());
    }

    @Test
    void settingsRefuseValuesThatCannotWork() {
        GatewayException e = assertThrows(GatewayException.class,
                () -> GatewaySettings.builder().linkMtu(100).build());
        assertEquals(GatewayException.Kind.CONFIG, e.kind());
        assertTrue(e.getMessage().startsWith("mtu must be at least 576"), e.getMessage());
        assertThrows(GatewayException.class, () -> GatewaySettings.builder().dpd(java.time.Duration.ZERO).build());
        assertThrows(GatewayException.class, () -> GatewaySettings.builder().outboundQueuePackets(0).build());
    }
}
