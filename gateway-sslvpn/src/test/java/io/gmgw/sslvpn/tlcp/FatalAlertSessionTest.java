package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.record.ContentType;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 5246 §7.2.2 (as TLS 1.1 before it): a connection that ends in a fatal alert must not be resumed. Each case
 * establishes a session, ends a connection of it with a fatal alert, and then shows that the next connection gets a
 * full handshake, on the side that sent the alert and on the side that received it, and that connections closed
 * normally (close_notify) stay resumable.
 */
class FatalAlertSessionTest {
    static CryptoModule module;
    static TestPki pki;
    static TlcpCredentials server;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-fatal-alert-session");
        pki = new TestPki(module);
        server = pki.server("localhost");
    }

    private final TlcpSessionCache serverCache = TlcpSessionCache.defaults(module.clock());
    private final TlcpSessionCache clientCache = TlcpSessionCache.defaults(module.clock());

    TlcpConfig serverConfig() {
        return TlcpConfig.server(module, server).clientVerifier(pki.verifier()).sessionCache(serverCache).build();
    }

    TlcpConfig clientConfig(CipherSuite suite) {
        TlcpConfig.Builder b = TlcpConfig.client(module, pki.verifier()).suites(List.of(suite)).sessionCache(clientCache);
        return suite.keyExchange() == CipherSuite.KeyExchange.ECDHE ? b.credentials(pki.client("erin")).build()
                : b.build();
    }

    /** A full handshake that leaves the session in both caches. */
    EnginePair established(CipherSuite suite) {
        EnginePair pair = new EnginePair(clientConfig(suite), serverConfig()).handshake();
        assertTrue(pair.established(), () -> pair.client.failure + " / " + pair.server.failure);
        assertFalse(pair.server.session.resumed());
        assertEquals(1, serverCache.size());
        assertEquals(1, clientCache.size());
        return pair;
    }

    boolean serverCaches(EnginePair pair) {
        return serverCache.get(pair.server.session.sessionIdHex()).isPresent();
    }

    boolean clientCaches(EnginePair pair) {
        return clientCache.get("server:443").filter(e -> java.util.Arrays.equals(e.sessionId(),
                pair.client.session.sessionId())).isPresent();
    }

    EnginePair reconnect(CipherSuite suite) {
        EnginePair again = new EnginePair(clientConfig(suite), serverConfig()).handshake();
        assertTrue(again.established(), () -> again.client.failure + " / " + again.server.failure);
        return again;
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void serverDetectsAlteredRecordThenBothForgetTheSession(CipherSuite suite) {
        EnginePair pair = established(suite);
        byte[] ping = "ping".getBytes();
        pair.tamperClientToServer(b -> {
            byte[] c = b.clone();
            c[c.length - 1] ^= 1;
            return c;
        });
        pair.clientEngine.send(ping, 0, ping.length);
        pair.pump();
        assertEquals(AlertDescription.BAD_RECORD_MAC, pair.server.failure.alert());
        assertTrue(pair.client.failure.fromPeer());
        assertFalse(serverCaches(pair), "the server that sent the fatal alert forgot the session");
        assertFalse(clientCaches(pair), "the client that received the fatal alert forgot the session");
        EnginePair again = reconnect(suite);
        assertFalse(again.client.session.resumed());
        assertFalse(again.server.session.resumed());
    }

    @Test
    void theSenderForgetsEvenWhenTheAlertIsLost() {
        CipherSuite suite = CipherSuite.ECC_SM4_GCM_SM3;
        EnginePair pair = established(suite);
        byte[] id = pair.client.session.sessionId();
        pair.tamperServerToClient(b -> null); // the alert never reaches the client
        pair.serverEngine.fail(AlertDescription.INTERNAL_ERROR);
        pair.pump();
        assertFalse(serverCaches(pair));
        assertTrue(clientCaches(pair), "the client never heard of the alert and still offers the session");
        EnginePair again = reconnect(suite);
        assertFalse(again.server.session.resumed(), "the server refuses to resume the session it forgot");
        assertFalse(again.client.session.resumed());
        assertFalse(java.util.Arrays.equals(id, again.client.session.sessionId()));
    }

    @Test
    void theClientForgetsTheSessionWhenItSendsTheAlert() {
        CipherSuite suite = CipherSuite.ECC_SM4_CBC_SM3;
        EnginePair pair = established(suite);
        pair.tamperClientToServer(b -> null); // the server never hears of it and keeps the session
        pair.clientEngine.fail(AlertDescription.HANDSHAKE_FAILURE);
        pair.pump();
        assertFalse(clientCaches(pair));
        assertTrue(serverCaches(pair));
        EnginePair again = reconnect(suite);
        assertFalse(again.client.session.resumed(), "the client no longer offers the session");
    }

    @Test
    void aResumedConnectionEndingInAFatalAlertEndsTheSession() {
        CipherSuite suite = CipherSuite.ECC_SM4_CBC_SM3;
        EnginePair first = established(suite);
        first.clientEngine.closeOutbound();
        first.serverEngine.closeOutbound();
        first.pump();
        EnginePair resumed = reconnect(suite);
        assertTrue(resumed.server.session.resumed(), "closed with close_notify: still resumable");
        assertArrayEquals(first.server.session.sessionId(), resumed.server.session.sessionId());
        byte[] junk = {1, 2, 3};
        resumed.tamperServerToClient(b -> {
            byte[] c = b.clone();
            c[c.length - 1] ^= 1;
            return c;
        });
        resumed.serverEngine.send(junk, 0, junk.length);
        resumed.pump();
        assertNotNull(resumed.client.failure);
        assertEquals(AlertDescription.BAD_RECORD_MAC, resumed.client.failure.alert());
        assertFalse(serverCaches(resumed));
        assertFalse(clientCaches(resumed));
        assertFalse(reconnect(suite).server.session.resumed());
    }

    @Test
    void aFatalAlertDuringAnAbbreviatedHandshakeEndsTheSession() {
        CipherSuite suite = CipherSuite.ECC_SM4_GCM_SM3;
        EnginePair first = established(suite);
        String id = first.server.session.sessionIdHex();
        EnginePair pair = new EnginePair(clientConfig(suite), serverConfig());
        // The client's Finished of the abbreviated handshake (its first write after ChangeCipherSpec) arrives
        // altered: the server's fatal alert ends the session being resumed.
        boolean[] afterChangeCipherSpec = {false};
        pair.tamperClientToServer(b -> {
            if (b[0] == ContentType.CHANGE_CIPHER_SPEC) {
                afterChangeCipherSpec[0] = true;
                return b;
            }
            if (!afterChangeCipherSpec[0]) {
                return b;
            }
            byte[] c = b.clone();
            c[c.length - 1] ^= 1;
            return c;
        });
        pair.handshake();
        assertNotNull(pair.server.failure);
        assertFalse(pair.server.failure.fromPeer());
        assertTrue(serverCache.get(id).isEmpty(), "the server forgot the session it was resuming");
        assertTrue(clientCache.get("server:443").isEmpty(), "and so did the client that received the alert");
        assertFalse(HexFormat.of().formatHex(reconnect(suite).server.session.sessionId()).equals(id));
    }

    @Test
    void aWarningIsNotFatal() {
        CipherSuite suite = CipherSuite.ECC_SM4_CBC_SM3;
        EnginePair pair = established(suite);
        pair.clientEngine.closeOutbound();
        pair.serverEngine.closeOutbound();
        pair.pump();
        assertTrue(serverCaches(pair));
        assertTrue(clientCaches(pair));
        assertTrue(reconnect(suite).server.session.resumed());
    }
}
