package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.engine.TlcpEngine;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CertificateVerifyVariant;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** gmgw's TLCP client against gmgw's TLCP server, in memory: every suite and mode, resumption, bulk data. */
class TlcpLoopbackTest {
    static CryptoModule module;
    static TestPki pki;
    static TlcpCredentials server;
    static TlcpCredentials client;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-loopback");
        pki = new TestPki(module);
        server = pki.server("localhost");
        client = pki.client("alice");
    }

    static TlcpConfig.Builder serverConfig() {
        return TlcpConfig.server(module, server).clientVerifier(pki.verifier());
    }

    static TlcpConfig.Builder clientConfig() {
        return TlcpConfig.client(module, pki.verifier());
    }

    static List<Arguments> modes() {
        return List.of(
                Arguments.of(CipherSuite.ECC_SM4_CBC_SM3, false), Arguments.of(CipherSuite.ECC_SM4_CBC_SM3, true),
                Arguments.of(CipherSuite.ECC_SM4_GCM_SM3, false), Arguments.of(CipherSuite.ECC_SM4_GCM_SM3, true),
                Arguments.of(CipherSuite.ECDHE_SM4_CBC_SM3, true), Arguments.of(CipherSuite.ECDHE_SM4_GCM_SM3, true));
    }

    @ParameterizedTest(name = "{0} mutual={1}")
    @MethodSource("modes")
    void handshakesAndEchoes(CipherSuite suite, boolean mutual) {
        TlcpConfig s = serverConfig().clientAuth(mutual ? ClientAuth.NEED : ClientAuth.NONE).build();
        TlcpConfig.Builder cb = clientConfig().suites(List.of(suite)).serverName("localhost", false);
        if (mutual) {
            cb.credentials(client);
        }
        EnginePair pair = new EnginePair(cb.build(), s).handshake();
        assertNull(pair.client.failure, () -> "client: " + pair.client.failure);
        assertNull(pair.server.failure, () -> "server: " + pair.server.failure);
        assertTrue(pair.established());
        assertEquals(suite, pair.client.session.suite());
        assertEquals(suite, pair.server.session.suite());
        assertEquals(server.signingCertificate(), pair.client.session.peerSigningCertificate());
        assertEquals(server.encryptionCertificate(), pair.client.session.peerEncryptionCertificate());
        if (mutual) {
            assertEquals(client.signingCertificate(), pair.server.session.peerSigningCertificate());
            assertEquals("HASH_OF_MESSAGES", pair.server.session.certificateVerifyVariant());
        } else {
            assertNull(pair.server.session.peerSigningCertificate());
        }
        byte[] ping = ("ping over " + suite).getBytes();
        pair.clientEngine.send(ping, 0, ping.length);
        pair.pump();
        assertArrayEquals(ping, pair.server.received.toByteArray());
        pair.serverEngine.send(ping, 0, ping.length);
        pair.pump();
        assertArrayEquals(ping, pair.client.received.toByteArray());

        pair.clientEngine.closeOutbound();
        pair.pump();
        assertTrue(pair.server.closeNotify);
        pair.serverEngine.closeOutbound();
        pair.pump();
        assertTrue(pair.client.closeNotify);
        assertEquals(TlcpEngine.Status.CLOSED, pair.clientEngine.status());
        assertEquals(TlcpEngine.Status.CLOSED, pair.serverEngine.status());
    }

    @Test
    void aReturningPeersCertificatesAreParsedOnceAndStillCheckedEachTime() {
        MutableClock clock = new MutableClock(module.clock().instant());
        TlcpConfig s = serverConfig().clientAuth(ClientAuth.NEED).clock(clock).build();
        TlcpConfig c = clientConfig().suites(List.of(CipherSuite.ECDHE_SM4_CBC_SM3)).credentials(client).clock(clock)
                .build();
        EnginePair first = new EnginePair(c, s).handshake();
        assertTrue(first.established(), () -> "first: " + first.server.failure + " / " + first.client.failure);
        int kept = s.peerCertificates().size();
        assertEquals(first.server.session.peerCertificates().size(), kept, "each certificate the client sent, once");
        EnginePair second = new EnginePair(c, s).handshake();
        assertTrue(second.established());
        assertEquals(kept, s.peerCertificates().size());
        assertSame(first.server.session.peerSigningCertificate(), second.server.session.peerSigningCertificate(),
                "the returning client's certificate is the object parsed the first time");
        assertSame(first.client.session.peerSigningCertificate(), second.client.session.peerSigningCertificate(),
                "and the client keeps the server's likewise");

        // The cache saves parsing only: the same certificates, once expired, are refused.
        clock.advance(Duration.ofDays(400)); // past every leaf's notAfter
        EnginePair late = new EnginePair(c, s).handshake();
        assertFalse(late.established());
        assertEquals(AlertDescription.CERTIFICATE_EXPIRED, late.client.failure.alert());

        TlcpConfig none = serverConfig().clientAuth(ClientAuth.NEED).peerCertificateCache(0).build();
        EnginePair uncached = new EnginePair(clientConfig().credentials(client).build(), none).handshake();
        assertTrue(uncached.established());
        assertEquals(0, none.peerCertificates().size());
        assertThrows(IllegalArgumentException.class, () -> serverConfig().peerCertificateCache(-1));
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void oneMebibyteBothWaysWithChecksum(CipherSuite suite) throws Exception {
        boolean ecdhe = suite.keyExchange() == CipherSuite.KeyExchange.ECDHE;
        TlcpConfig.Builder cb = clientConfig().suites(List.of(suite));
        if (ecdhe) {
            cb.credentials(client);
        }
        EnginePair pair = new EnginePair(cb.build(), serverConfig().build()).handshake();
        assertTrue(pair.established(), () -> String.valueOf(pair.client.failure) + pair.server.failure);
        byte[] data = new byte[1 << 20];
        new java.util.Random(7).nextBytes(data);
        // odd-sized writes, so records of every length appear
        for (int off = 0; off < data.length; ) {
            int n = Math.min(data.length - off, 1 + (off * 31) % 40_000);
            pair.clientEngine.send(data, off, n);
            off += n;
        }
        pair.pump();
        byte[] got = pair.server.received.toByteArray();
        assertEquals(data.length, got.length);
        var sm3 = module.sm3();
        assertArrayEquals(sm3.hash(data), sm3.hash(got));
        pair.serverEngine.send(got, 0, got.length);
        pair.pump();
        assertArrayEquals(sm3.hash(data), sm3.hash(pair.client.received.toByteArray()));
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void resumesBySessionId(CipherSuite suite) {
        TlcpSessionCache serverCache = TlcpSessionCache.defaults(module.clock());
        TlcpSessionCache clientCache = TlcpSessionCache.defaults(module.clock());
        TlcpConfig s = serverConfig().sessionCache(serverCache).build();
        TlcpConfig.Builder cb = clientConfig().suites(List.of(suite)).sessionCache(clientCache);
        if (suite.keyExchange() == CipherSuite.KeyExchange.ECDHE) {
            cb.credentials(client);
        }
        TlcpConfig c = cb.build();
        EnginePair first = new EnginePair(c, s).handshake();
        assertTrue(first.established());
        assertFalse(first.client.session.resumed());
        EnginePair second = new EnginePair(c, s).handshake();
        assertTrue(second.established(), () -> String.valueOf(second.client.failure) + second.server.failure);
        assertTrue(second.client.session.resumed());
        assertTrue(second.server.session.resumed());
        assertArrayEquals(first.client.session.sessionId(), second.client.session.sessionId());
        assertEquals(first.server.session.peerSigningCertificate(), second.server.session.peerSigningCertificate());
        byte[] ping = "after resumption".getBytes();
        second.clientEngine.send(ping, 0, ping.length);
        second.pump();
        assertArrayEquals(ping, second.server.received.toByteArray());
    }

    @Test
    void expiredSessionIsNotResumed() {
        var clock = new MutableClock(module.clock().instant());
        TlcpSessionCache serverCache = new TlcpSessionCache(10, Duration.ofMinutes(5), clock);
        TlcpConfig s = serverConfig().sessionCache(serverCache).build();
        TlcpConfig c = clientConfig().sessionCache(TlcpSessionCache.defaults(module.clock())).build();
        assertTrue(new EnginePair(c, s).handshake().established());
        clock.advance(Duration.ofMinutes(6));
        EnginePair again = new EnginePair(c, s).handshake();
        assertTrue(again.established());
        assertFalse(again.client.session.resumed());
    }

    @Test
    void gmsslCertificateVerifyOverRawMessagesIsAcceptedByDefaultAndRefusedByPolicy() {
        TlcpConfig c = clientConfig().credentials(client)
                .certificateVerifyVariant(CertificateVerifyVariant.RAW_MESSAGES)
                .clientCertificateShape(ClientCertificateShape.SIGNING_ONLY).suites(List.of(CipherSuite.ECC_SM4_CBC_SM3))
                .build();
        EnginePair ok = new EnginePair(c, serverConfig().clientAuth(ClientAuth.NEED).build()).handshake();
        assertTrue(ok.established());
        assertEquals("RAW_MESSAGES", ok.server.session.certificateVerifyVariant());
        assertNull(ok.server.session.peerEncryptionCertificate());

        EnginePair refused = new EnginePair(c, serverConfig().clientAuth(ClientAuth.NEED)
                .acceptRawCertificateVerify(false).build()).handshake();
        assertNotNull(refused.server.failure);
        assertEquals(AlertDescription.DECRYPT_ERROR, refused.server.failure.alert());
        assertEquals(AlertDescription.DECRYPT_ERROR, refused.client.failure.alert());
        assertTrue(refused.client.failure.fromPeer());
    }

    @ParameterizedTest(name = "fragment {0} coalesced {1}")
    @org.junit.jupiter.params.provider.CsvSource({"1,false", "7,false", "100,true", "16384,true", "16384,false"})
    void handshakeMessagesSplitAcrossRecordsOrCoalesced(int fragment, boolean coalesce) {
        TlcpConfig s = serverConfig().clientAuth(ClientAuth.NEED).maxWriteFragment(fragment)
                .coalesceHandshakeMessages(coalesce).build();
        TlcpConfig c = clientConfig().credentials(client).maxWriteFragment(fragment).coalesceHandshakeMessages(coalesce)
                .suites(List.of(CipherSuite.ECDHE_SM4_GCM_SM3)).build();
        EnginePair pair = new EnginePair(c, s).handshake();
        assertTrue(pair.established(), () -> String.valueOf(pair.client.failure) + pair.server.failure);
    }

    @Test
    void bytesDeliveredOneAtATime() {
        TlcpConfig s = serverConfig().build();
        TlcpConfig c = clientConfig().build();
        EnginePair pair = new EnginePair(c, s);
        pair.tamperClientToServer(b -> {
            for (int i = 0; i < b.length; i++) {
                pair.serverEngine.receive(b, i, 1);
            }
            return null;
        });
        pair.tamperServerToClient(b -> {
            for (int i = 0; i < b.length; i++) {
                pair.clientEngine.receive(b, i, 1);
            }
            return null;
        });
        pair.handshake();
        assertTrue(pair.established());
    }

    @Test
    void serverPreferenceOrderDecides() {
        TlcpConfig s = serverConfig().suites(List.of(CipherSuite.ECC_SM4_GCM_SM3, CipherSuite.ECC_SM4_CBC_SM3)).build();
        TlcpConfig c = clientConfig().suites(List.of(CipherSuite.ECC_SM4_CBC_SM3, CipherSuite.ECC_SM4_GCM_SM3)).build();
        EnginePair pair = new EnginePair(c, s).handshake();
        assertEquals(CipherSuite.ECC_SM4_GCM_SM3, pair.client.session.suite());
    }
}
