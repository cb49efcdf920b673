package io.gmgw.interop.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.TestModules;
import io.gmgw.interop.tlcp.BgmPeer.ClientAuth;
import io.gmgw.interop.tlcp.BgmPeer.ClientConfig;
import io.gmgw.interop.tlcp.BgmPeer.Hello;
import io.gmgw.interop.tlcp.BgmPeer.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the BGMProvider peers offer beyond the contracts ({@link BgmServerContractSelfTest},
 * {@link BgmClientContractSelfTest}): resumption by session ID, the minimal ClientHello, the server's STATS/RESET
 * benchmark counters, and that the harness reports a failed handshake on both sides (ECDHE offered by a client that
 * has a signing certificate only).
 */
class BgmPeerSelfTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static TlcpTestPki pki;

    @BeforeAll
    static void pki() {
        BgmPeer.require();
        pki = TlcpTestPki.create(TestModules.production(), dir);
    }

    @Test
    void resumptionMinimalHelloStatsAndAFailureSeenByBothSides() {
        try (BgmPeer.Server server = BgmPeer.startServer(ServerConfig.of(pki.server(), pki.root())
                .withSuites(TlcpSuite.ECC_SM4_GCM_SM3, TlcpSuite.ECDHE_SM4_CBC_SM3).withClientAuth(ClientAuth.WANT))) {
            assertEquals("GMTLS", server.ready().get("protocols"), server.transcript());

            // Kept sessions resume by ID; BGM's server takes the minimal hello (no extensions, SCSV) as well.
            ClientRun resumed = BgmPeer.runClient(ClientConfig.of(server.port(), pki.root(),
                    TlcpSuite.ECC_SM4_GCM_SM3).withConnections(3).withResume(true).withHello(Hello.MINIMAL));
            assertTrue(resumed.ok(), resumed.describe());
            List<PeerConnection> c = resumed.connections();
            assertEquals(List.of(false, true, true), c.stream().map(PeerConnection::resumed).toList(),
                    resumed.describe());
            assertEquals(c.get(0).sessionId(), c.get(2).sessionId(), resumed.describe());
            List<PeerConnection> seen = server.awaitConnections(3, WAIT);
            assertEquals(List.of(false, true, true), seen.stream().map(PeerConnection::resumed).toList(),
                    server.transcript());
            assertEquals("none", seen.get(0).peerSubject(), "want: a client without certificate may go on");

            ServerStats stats = server.stats();
            assertEquals(3, stats.handshakes(), stats.toString());
            assertEquals(3 * 1024, stats.bytes(), stats.toString());
            assertTrue(stats.cpuNanos() > 0 && stats.cpuMillisPerHandshake() > 0 && stats.cpuMillisPerMib() > 0,
                    stats.toString());
            server.resetStats();
            assertEquals(0, server.stats().handshakes());

            // ECDHE needs the client's encryption key for the SM2 key agreement: a signing certificate is not enough.
            // (BGM's client key manager picks nothing without an encryption entry and sends no certificate.)
            ClientRun ecdhe = BgmPeer.runClient(ClientConfig.of(server.port(), pki.root(),
                    TlcpSuite.ECDHE_SM4_CBC_SM3).withCredentials(pki.client().signingOnly()));
            assertFalse(ecdhe.ok(), ecdhe.describe());
            assertEquals(1, ecdhe.exitCode(), ecdhe.describe());
            assertTrue(ecdhe.failures().get(0).error().contains("sm2 key agreement"), ecdhe.describe());
            assertFalse(server.awaitConnection(WAIT).ok(), server.transcript());
            ServerStats after = server.stats();
            assertEquals(0, after.handshakes(), after.toString());
            assertEquals(1, after.failed(), after.toString());
        }
    }
}
