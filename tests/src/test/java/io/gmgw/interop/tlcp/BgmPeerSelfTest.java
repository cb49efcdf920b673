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
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BGMProvider harness proved without gmgw's engine: BGM client against BGM server, separate JDK 17 processes,
 * certificates gm-crypto issues at test time. All four suites; ECC one-way and mutual; ECDHE mutual (it needs the
 * client's two certificates); resumption by session ID; and the harness sees failures (ECDHE with a signing
 * certificate only, a client from an unknown CA). Shows that BGMProvider accepts gmgw's certificate profiles and that
 * the peer programs, their output protocol and the process handling work. Each client process covers several suites
 * ({@link ClientConfig#withEachSuiteInTurn}) because a JVM start costs about a second here.
 */
class BgmPeerSelfTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CLIENT_RFC2253 = "CN=tlcp-interop-client,O=gmgw tests";
    private static final String SERVER_RFC2253 = "CN=localhost";
    private static final int PAYLOAD = 16 * 1024 + 7;

    @TempDir
    static Path dir;
    static TlcpTestPki pki;

    @BeforeAll
    static void pki() {
        BgmPeer.require();
        pki = TlcpTestPki.create(TestModules.production(), dir);
    }

    @Test
    void eccSuitesOneWayWithEchoesResumptionAndTheMinimalHello() {
        try (BgmPeer.Server server = BgmPeer.startServer(ServerConfig.of(pki.server(), pki.root()))) {
            assertEquals("GMTLS", server.ready().get("protocols"), server.transcript());
            ClientRun run = BgmPeer.runClient(ClientConfig.of(server.port(), pki.root(), TlcpSuite.ECC_SM4_CBC_SM3)
                    .withSuites(TlcpSuite.ECC_SM4_CBC_SM3, TlcpSuite.ECC_SM4_GCM_SM3).withEachSuiteInTurn()
                    .withConnections(4).withPayload(PAYLOAD, 3));
            assertTrue(run.ok(), run.describe());
            List<TlcpSuite> expected = List.of(TlcpSuite.ECC_SM4_CBC_SM3, TlcpSuite.ECC_SM4_GCM_SM3,
                    TlcpSuite.ECC_SM4_CBC_SM3, TlcpSuite.ECC_SM4_GCM_SM3);
            assertEquals(expected, run.connections().stream().map(c -> c.suite().orElseThrow()).toList(),
                    run.describe());
            for (PeerConnection c : run.connections()) {
                assertEquals(SERVER_RFC2253, c.peerSubject(), c.toString());
                assertEquals(3L * PAYLOAD, c.bytes(), c.toString());
                assertFalse(c.resumed(), "each session is invalidated, so no resumption: " + c);
            }
            List<PeerConnection> seen = server.awaitConnections(4, WAIT);
            for (int i = 0; i < 4; i++) {
                assertTrue(seen.get(i).ok(), seen.get(i) + "\n" + server.transcript());
                assertEquals(expected.get(i), seen.get(i).suite().orElseThrow(), seen.get(i).toString());
                assertEquals("none", seen.get(i).peerSubject(), "one-way: no client certificate; " + seen.get(i));
                assertEquals(3L * PAYLOAD, seen.get(i).bytes(), seen.get(i).toString());
            }

            // Kept sessions resume by ID; the minimal hello (no extensions) is accepted by BGM's server.
            ClientRun resumed = BgmPeer.runClient(ClientConfig.of(server.port(), pki.root(),
                    TlcpSuite.ECC_SM4_GCM_SM3).withConnections(3).withResume(true).withHello(Hello.MINIMAL));
            assertTrue(resumed.ok(), resumed.describe());
            List<PeerConnection> c = resumed.connections();
            assertEquals(List.of(false, true, true), c.stream().map(PeerConnection::resumed).toList(),
                    resumed.describe());
            assertEquals(c.get(0).sessionId(), c.get(2).sessionId(), resumed.describe());
            assertEquals(List.of(false, true, true), server.awaitConnections(3, WAIT).stream()
                    .map(PeerConnection::resumed).toList(), server.transcript());

            ServerStats stats = server.stats();
            assertEquals(7, stats.handshakes(), stats.toString());
            assertEquals(4L * 3 * PAYLOAD + 3 * 1024, stats.bytes(), stats.toString());
            assertTrue(stats.cpuNanos() > 0 && stats.cpuMillisPerMib() > 0, stats.toString());
            server.resetStats();
            assertEquals(0, server.stats().handshakes());
        }
    }

    @Test
    void everySuiteMutualAndTheFailuresTheHarnessMustSee() {
        try (BgmPeer.Server server = BgmPeer.startServer(ServerConfig.of(pki.server(), pki.root())
                .withClientAuth(ClientAuth.NEED))) {
            ClientRun run = BgmPeer.runClient(ClientConfig.of(server.port(), pki.root(), TlcpSuite.ECC_SM4_CBC_SM3)
                    .withSuites(TlcpSuite.values()).withEachSuiteInTurn().withCredentials(pki.client()));
            assertTrue(run.ok(), run.describe());
            assertEquals(List.of(TlcpSuite.values()), run.connections().stream().map(c -> c.suite().orElseThrow())
                    .toList(), run.describe());
            for (PeerConnection seen : server.awaitConnections(4, WAIT)) {
                assertTrue(seen.ok(), seen + "\n" + server.transcript());
                assertEquals(CLIENT_RFC2253, seen.peerSubject(), seen.toString());
            }

            // ECDHE needs the client's encryption key for the SM2 key agreement: a signing certificate is not enough.
            // (BGM's client key manager picks nothing without an encryption entry: it sends an empty Certificate,
            // which BGM's server reports as "Empty server certificate chain".)
            ClientRun ecdhe = BgmPeer.runClient(ClientConfig.of(server.port(), pki.root(),
                    TlcpSuite.ECDHE_SM4_CBC_SM3).withCredentials(pki.client().signingOnly()));
            assertFalse(ecdhe.ok(), ecdhe.describe());
            assertEquals(1, ecdhe.exitCode(), ecdhe.describe());
            assertTrue(ecdhe.failures().get(0).error().contains("sm2 key agreement"), ecdhe.describe());
            PeerConnection noCertificate = server.awaitConnection(WAIT);
            assertFalse(noCertificate.ok(), server.transcript());
            assertTrue(noCertificate.error().contains("Empty server certificate chain"), noCertificate.toString());

            // A client certificate from a CA the server does not trust.
            ClientRun stranger = BgmPeer.runClient(ClientConfig.of(server.port(), pki.root(),
                    TlcpSuite.ECC_SM4_CBC_SM3).withCredentials(pki.stranger()));
            assertFalse(stranger.ok(), stranger.describe());
            PeerConnection refused = server.awaitConnection(WAIT);
            assertFalse(refused.ok(), server.transcript());

            ServerStats stats = server.stats();
            assertEquals(4, stats.handshakes(), stats.toString());
            assertEquals(2, stats.failed(), stats.toString());
        }
    }
}
