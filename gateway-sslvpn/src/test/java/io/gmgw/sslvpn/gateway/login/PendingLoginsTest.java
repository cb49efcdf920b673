package io.gmgw.sslvpn.gateway.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The logins waiting for a form: handles, one answer each, the timeout and the bound. */
class PendingLoginsTest {
    private static final long MINUTE = 60_000_000_000L;

    @Test
    void aHandleIsACookieValueTakenOnce() {
        PendingLogins<String> p = new PendingLogins<>(new SecureRandom(), MINUTE, 4);
        String a = p.put("alice", 0);
        String b = p.put("bob", 0);
        assertNotEquals(a, b);
        assertTrue(a.matches("[A-Za-z0-9_-]{32}"), a);
        assertEquals(Optional.of("alice"), p.take(a, 1));
        assertEquals(Optional.empty(), p.take(a, 2));
        assertEquals(Optional.of("bob"), p.take(b, 3));
    }

    @Test
    void aLoginExpiresAfterTheTimeout() {
        PendingLogins<String> p = new PendingLogins<>(new SecureRandom(), MINUTE, 4);
        String a = p.put("alice", 0);
        String b = p.put("bob", 0);
        assertEquals(Optional.of("alice"), p.take(a, MINUTE - 1));
        assertEquals(Optional.empty(), p.take(b, MINUTE));
        assertEquals(0, p.size());
    }

    @Test
    void whenFullTheOldestGoes() {
        PendingLogins<String> p = new PendingLogins<>(new SecureRandom(), MINUTE, 2);
        String first = p.put("first", 0);
        String second = p.put("second", 1);
        String third = p.put("third", 2);
        assertEquals(2, p.size());
        assertEquals(Optional.empty(), p.take(first, 3));
        assertEquals(Optional.of("second"), p.take(second, 3));
        assertEquals(Optional.of("third"), p.take(third, 3));
    }
}
