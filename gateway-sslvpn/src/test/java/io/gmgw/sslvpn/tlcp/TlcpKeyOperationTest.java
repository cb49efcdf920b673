package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.TlcpNegativeTest.Role;
import io.gmgw.sslvpn.tlcp.engine.TlcpEngine;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine's pending-key-operation state: key operations handed out instead of run, the handshake resumed with
 * their results, input that arrives meanwhile read afterwards in order, failures as alerts, results of a connection
 * that closed first wiped.
 */
class TlcpKeyOperationTest {
    static CryptoModule module;
    static TestPki pki;
    static TlcpCredentials server;
    static TlcpCredentials client;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-key-operations");
        pki = new TestPki(module);
        server = pki.server("localhost");
        client = pki.client("dave");
    }

    /** A mutual handshake of {@code suite} in which both sides' keys are slow and every key operation is taken. */
    static final class Slow {
        final SlowKeyHandle serverSigning = new SlowKeyHandle(server.signingKey());
        final SlowKeyHandle serverEncryption = new SlowKeyHandle(server.encryptionKey());
        final SlowKeyHandle clientSigning = new SlowKeyHandle(client.signingKey());
        final SlowKeyHandle clientEncryption = new SlowKeyHandle(client.encryptionKey());
        final EnginePair pair;

        Slow(CipherSuite suite, boolean coalesce) {
            TlcpConfig s = TlcpConfig.server(module, SlowKeyHandle.wrap(server, serverSigning, serverEncryption))
                    .clientVerifier(pki.verifier()).clientAuth(ClientAuth.NEED).build();
            TlcpConfig c = TlcpConfig.client(module, pki.verifier()).suites(List.of(suite))
                    .credentials(SlowKeyHandle.wrap(client, clientSigning, clientEncryption))
                    .coalesceHandshakeMessages(coalesce).build();
            pair = new EnginePair(c, s);
            pair.client.delegateKeyOperations = true;
            pair.server.delegateKeyOperations = true;
        }
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void everyKeyOperationIsHandedOutAndTheHandshakeResumes(CipherSuite suite) {
        Slow slow = new Slow(suite, false);
        EnginePair pair = slow.pair;
        List<String> taken = new ArrayList<>();
        pair.clientEngine.start();
        pair.pump();
        while (!pair.client.keyOperations.isEmpty() || !pair.server.keyOperations.isEmpty()) {
            for (var side : List.of(pair.client, pair.server)) {
                TlcpEngine engine = side == pair.client ? pair.clientEngine : pair.serverEngine;
                if (!side.keyOperations.isEmpty()) {
                    assertEquals("WAIT_KEY_OPERATION", engine.handshakeState());
                    assertTrue(engine.pendingKeyOperation() == side.keyOperations.peek());
                    taken.add(side.name + ": " + side.keyOperations.peek().description());
                    EnginePair.runTaken(engine, side);
                }
            }
            pair.pump();
        }
        assertTrue(pair.established(), () -> "client " + pair.client.failure + ", server " + pair.server.failure);
        boolean ecdhe = suite.keyExchange() == CipherSuite.KeyExchange.ECDHE;
        List<String> expected = ecdhe ? List.of(
                "server: SM2 key-exchange ephemeral key with key slow(", "client: SM2 key agreement (ECDHE) with key slow(",
                "client: SM2 signature of the CertificateVerify with key slow(",
                "server: SM2 key agreement (ECDHE) with key slow(")
                : List.of("server: SM2 signature of the ServerKeyExchange with key slow(",
                        "client: SM2 signature of the CertificateVerify with key slow(",
                        "server: SM2 decryption of the ClientKeyExchange with key slow(");
        assertEquals(expected.size(), taken.size(), taken::toString);
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(taken.get(i).startsWith(expected.get(i)), taken.get(i) + " should start with " + expected.get(i));
        }
        byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
        pair.clientEngine.send(ping, 0, ping.length);
        pair.pump();
        assertArrayEquals(ping, pair.server.received.toByteArray());
    }

    /**
     * The client's whole flight (Certificate, ClientKeyExchange and CertificateVerify in one record, then
     * ChangeCipherSpec and Finished) arrives byte by byte while the server decrypts: CertificateVerify waits in the
     * reassembler, the rest as bytes, and all of it is read after the decryption in order (out of order it would be
     * unexpected_message).
     */
    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"ECC_SM4_CBC_SM3", "ECDHE_SM4_GCM_SM3"})
    void inputDuringTheOperationIsReadAfterItInOrder(CipherSuite suite) {
        Slow slow = new Slow(suite, true);
        EnginePair pair = slow.pair;
        pair.client.delegateKeyOperations = false;
        List<byte[]> toServer = new ArrayList<>();
        pair.tamperClientToServer(b -> {
            toServer.add(b);
            return null;
        });
        pair.clientEngine.start();
        pair.pump();
        feedByteByByte(pair, toServer); // ClientHello: the server takes its ServerKeyExchange signature out
        assertNotNull(pair.serverEngine.pendingKeyOperation());
        EnginePair.runTaken(pair.serverEngine, pair.server);
        pair.pump(); // the server's flight to the client; the client's whole flight is queued in toServer
        assertNull(pair.client.failure);
        feedByteByByte(pair, toServer);
        assertNull(pair.server.failure, () -> "server: " + pair.server.failure);
        assertEquals(1, pair.server.keyOperations.size(), "the server waits for its one key operation");
        assertTrue(pair.server.keyOperations.peek().description().contains(
                suite.keyExchange() == CipherSuite.KeyExchange.ECC ? "decryption" : "agreement"));
        EnginePair.runTaken(pair.serverEngine, pair.server);
        pair.tamperClientToServer(b -> b);
        pair.pump();
        assertTrue(pair.established(), () -> "client " + pair.client.failure + ", server " + pair.server.failure);
        assertNotNull(pair.server.session.peerSigningCertificate(), "the CertificateVerify was read");
    }

    private static void feedByteByByte(EnginePair pair, List<byte[]> chunks) {
        for (byte[] chunk : chunks) {
            for (int i = 0; i < chunk.length; i++) {
                try {
                    pair.serverEngine.receive(chunk, i, 1);
                } catch (TlcpAlertException e) {
                    pair.server.failure = e;
                    return;
                }
            }
        }
        chunks.clear();
    }

    @Test
    void aKeyThatFailsEndsTheHandshakeWithInternalError() {
        Slow slow = new Slow(CipherSuite.ECC_SM4_GCM_SM3, false);
        slow.serverSigning.failWith(() -> new IllegalStateException("CKR_DEVICE_REMOVED (0x32) on token 'gw'"));
        EnginePair pair = slow.pair;
        pair.clientEngine.start();
        pair.pumpRunningKeyOperations();
        TlcpNegativeTest.assertAlert(pair, Role.SERVER, AlertDescription.INTERNAL_ERROR);
        String message = pair.server.failure.getMessage();
        assertTrue(message.startsWith("SM2 signature of the ServerKeyExchange with key slow(")
                && message.contains("CKR_DEVICE_REMOVED"), message);
        assertNull(pair.serverEngine.pendingKeyOperation());
    }

    /** A failed decryption is still no early alert when it ran elsewhere: the countermeasure holds. */
    @Test
    void aFailedDecryptionOutsideTheEngineStillFailsOnlyAtFinished() {
        Slow slow = new Slow(CipherSuite.ECC_SM4_CBC_SM3, false);
        EnginePair pair = slow.pair;
        pair.clientEngine.start();
        pair.pump();
        EnginePair.runTaken(pair.serverEngine, pair.server); // ServerKeyExchange
        pair.pump();
        EnginePair.runTaken(pair.clientEngine, pair.client); // CertificateVerify
        slow.serverEncryption.failWith(() -> new IllegalStateException("CKR_FUNCTION_FAILED"));
        pair.pump();
        assertEquals("WAIT_KEY_OPERATION", pair.serverEngine.handshakeState());
        EnginePair.runTaken(pair.serverEngine, pair.server);
        pair.pump();
        TlcpNegativeTest.assertAlert(pair, Role.SERVER, AlertDescription.BAD_RECORD_MAC);
        assertTrue(pair.server.failure.getMessage().contains("CKR_FUNCTION_FAILED"), pair.server.failure::getMessage);
    }

    /** The connection ends (the handshake timer) while the token decrypts: the late pre-master secret is wiped. */
    @Test
    void aResultThatArrivesAfterTheCloseIsWiped() throws Exception {
        Slow slow = new Slow(CipherSuite.ECC_SM4_CBC_SM3, false);
        EnginePair pair = slow.pair;
        pair.clientEngine.start();
        pair.pump();
        EnginePair.runTaken(pair.serverEngine, pair.server);
        pair.pump();
        EnginePair.runTaken(pair.clientEngine, pair.client);
        pair.pump();
        var decryption = pair.server.keyOperations.poll();
        assertNotNull(decryption);
        slow.serverEncryption.hold(1);
        Thread token = Thread.ofPlatform().start(decryption::run);
        assertTrue(slow.serverEncryption.held.await(30, TimeUnit.SECONDS));
        pair.serverEngine.fail(AlertDescription.HANDSHAKE_FAILURE); // as the handshake timer does
        assertEquals(TlcpEngine.Status.CLOSED, pair.serverEngine.status());
        assertNull(pair.serverEngine.pendingKeyOperation());
        slow.serverEncryption.release(); // the token answers late
        token.join(30_000);
        assertTrue(decryption.isDone());
        assertEquals(2, slow.serverEncryption.decrypted.size(), "the configuration's check, then the handshake");
        byte[] preMaster = slow.serverEncryption.decrypted.getLast();
        assertEquals(48, preMaster.length);
        assertArrayEquals(new byte[48], preMaster, "the late pre-master secret is wiped");
        pair.serverEngine.resume(); // nothing happens on a closed engine
    }

    /** An operation whose connection ended before it started does not use the key at all. */
    @Test
    void anOperationDiscardedBeforeItRanLeavesTheKeyAlone() {
        Slow slow = new Slow(CipherSuite.ECC_SM4_CBC_SM3, false);
        EnginePair pair = slow.pair;
        pair.clientEngine.start();
        pair.pump();
        var signature = pair.server.keyOperations.poll();
        int before = slow.serverSigning.operations.get();
        pair.serverEngine.close();
        signature.run();
        assertTrue(signature.isDone());
        assertEquals(before, slow.serverSigning.operations.get());
    }

    @Test
    void aResultThatArrivedBeforeTheCloseIsWipedByIt() {
        Slow slow = new Slow(CipherSuite.ECC_SM4_CBC_SM3, false);
        EnginePair pair = slow.pair;
        pair.clientEngine.start();
        pair.pump();
        EnginePair.runTaken(pair.serverEngine, pair.server);
        pair.pump();
        EnginePair.runTaken(pair.clientEngine, pair.client);
        pair.pump();
        pair.server.keyOperations.poll().run();
        byte[] preMaster = slow.serverEncryption.decrypted.getLast();
        assertEquals(48, preMaster.length);
        assertFalse(Arrays.equals(new byte[48], preMaster));
        pair.serverEngine.close();
        assertArrayEquals(new byte[48], preMaster, "closing wipes the pre-master secret nobody took");
    }

    @Test
    void resumingBeforeTheOperationRanIsRefused() {
        Slow slow = new Slow(CipherSuite.ECC_SM4_CBC_SM3, false);
        EnginePair pair = slow.pair;
        assertThrows(IllegalStateException.class, pair.serverEngine::resume, "no operation is out");
        pair.clientEngine.start();
        pair.pump();
        IllegalStateException e = assertThrows(IllegalStateException.class, pair.serverEngine::resume);
        assertTrue(e.getMessage().contains("has not finished"), e.getMessage());
        assertEquals(TlcpEngine.Status.HANDSHAKING, pair.serverEngine.status());
        EnginePair.runTaken(pair.serverEngine, pair.server);
        pair.pumpRunningKeyOperations();
        assertTrue(pair.established());
    }

    @Test
    void aPeerThatFloodsTheWaitingEngineGetsUnexpectedMessage() {
        Slow slow = new Slow(CipherSuite.ECC_SM4_CBC_SM3, false);
        EnginePair pair = slow.pair;
        pair.clientEngine.start();
        pair.pump();
        assertNotNull(pair.serverEngine.pendingKeyOperation());
        byte[] junk = new byte[16 * 1024];
        TlcpAlertException e = assertThrows(TlcpAlertException.class, () -> {
            for (int i = 0; i < 100; i++) {
                pair.serverEngine.receive(junk, 0, junk.length);
            }
        });
        assertEquals(AlertDescription.UNEXPECTED_MESSAGE, e.alert());
        assertTrue(e.getMessage().contains("while the handshake waited for a key operation"), e.getMessage());
        assertEquals(TlcpEngine.Status.CLOSED, pair.serverEngine.status());
    }

    /** Without a listener that takes them, key operations run inside the engine, as before. */
    @Test
    void keyOperationsRunInlineUnlessTaken() {
        Slow slow = new Slow(CipherSuite.ECDHE_SM4_CBC_SM3, false);
        slow.pair.client.delegateKeyOperations = false;
        slow.pair.server.delegateKeyOperations = false;
        slow.pair.handshake();
        assertTrue(slow.pair.established());
        assertTrue(slow.pair.server.keyOperations.isEmpty() && slow.pair.client.keyOperations.isEmpty());
        assertEquals(1, slow.serverSigning.operations.get(), "the ServerKeyExchange signature, made inline");
        assertEquals(1, slow.clientSigning.operations.get(), "the CertificateVerify signature, made inline");
    }
}
