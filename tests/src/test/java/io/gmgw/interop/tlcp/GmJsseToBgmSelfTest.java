package io.gmgw.interop.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.TestModules;
import io.gmgw.interop.tlcp.BgmPeer.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gm-jsse harness proved without gmgw's engine: 100 gm-jsse connections (its own JVM, its own Bouncy Castle
 * 1.64) to a BGMProvider server (JDK 17), E013 one-way, each echoing a line, with gm-crypto's test PKI.
 *
 * <p>Not every one of the 100 can succeed against BGMProvider, and the test says exactly which may fail: gm-jsse
 * writes the SM2 ciphertext's C1 coordinates as 32-byte DER INTEGERs whatever their value, and BGMProvider's DER
 * decoder refuses the ones that start with a redundant 0x00 byte (about 1 handshake in 256). Every failure must be
 * that one, seen by both sides; anything else fails the test. gmgw's server is to be lenient there
 * (reference/tlcp.md §6.2), so against it all 100 must succeed.
 */
class GmJsseToBgmSelfTest {
    private static final int CONNECTIONS = 100;
    private static final String LINE = "ping from gm-jsse client";
    /** BGMProvider's (the JDK's) DER decoder on a non-minimal INTEGER. */
    static final String BGM_STRICT_DER = "redundant leading 0s";

    @TempDir
    static Path dir;
    static TlcpTestPki pki;

    @BeforeAll
    static void pki() {
        GmJssePeer.require();
        BgmPeer.require();
        pki = TlcpTestPki.create(TestModules.production(), dir);
    }

    @Test
    void hundredGmJsseConnectionsToABgmServer() {
        try (BgmPeer.Server server = BgmPeer.startServer(ServerConfig.of(pki.server(), pki.root())
                .withSuites(TlcpSuite.ECC_SM4_CBC_SM3))) {
            ClientRun run = GmJssePeer.runClients(GmJssePeer.Config.of(server.port(), pki.root())
                    .withConnections(CONNECTIONS).withLine(LINE));
            assertEquals(CONNECTIONS, run.connections().size(), run.describe());
            List<PeerConnection> seen = server.awaitConnections(CONNECTIONS, Duration.ofSeconds(30));

            List<PeerConnection> refused = seen.stream().filter(c -> !c.ok()).toList();
            for (PeerConnection c : refused) {
                assertTrue(c.error().contains(BGM_STRICT_DER), "a failure other than gm-jsse's non-minimal "
                        + "INTEGER: " + c + "\n" + server.transcript() + "\n" + run.describe());
            }
            assertEquals(refused.size(), run.failures().size(), "client and server disagree on failures\n"
                    + server.transcript() + "\n" + run.describe());
            // Expected about 0.4 per 100; more than 8 would mean something else is wrong (p < 1e-8 by chance).
            assertTrue(refused.size() <= 8, refused.size() + " refused\n" + run.describe());

            for (PeerConnection c : run.connections().stream().filter(PeerConnection::ok).toList()) {
                assertEquals(TlcpSuite.GM_JSSE_E013_NAME, c.suiteName(), c.toString());
                assertEquals("NTLSv1.1", c.protocol(), c.toString());
                assertEquals("CN=localhost", c.peerSubject(), c.toString());
                assertEquals(LINE.length() + 1, c.bytes(), c.toString());
            }
            for (PeerConnection c : seen.stream().filter(PeerConnection::ok).toList()) {
                assertEquals(TlcpSuite.ECC_SM4_CBC_SM3, c.suite().orElseThrow(), c.toString());
                assertEquals(LINE.length() + 1, c.bytes(), c.toString());
                assertEquals("none", c.peerSubject(), c.toString());
            }
        }
    }
}
