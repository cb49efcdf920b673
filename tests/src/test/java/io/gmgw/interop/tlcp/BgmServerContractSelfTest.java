package io.gmgw.interop.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.interop.tlcp.BgmPeer.ServerConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TlcpServerInteropContract} with BGMProvider's server as the server under test: proves the contract, the
 * peers and gm-crypto's test PKI together, without gmgw's engine.
 *
 * <p>One contract test is replaced: BGMProvider cannot complete all 100 gm-jsse handshakes. gm-jsse writes the SM2
 * ciphertext's C1 coordinates as 32-byte DER INTEGERs whatever their value, and BGMProvider's DER decoder refuses the
 * ones that start with a redundant 0x00 byte (about 1 handshake in 256). Here every failure must be exactly that,
 * seen by both sides; gmgw's server, lenient there (reference/tlcp.md §6.2), must pass the contract's own version.
 */
class BgmServerContractSelfTest extends TlcpServerInteropContract {
    /** BGMProvider's (the JDK's) DER decoder on a non-minimal INTEGER. */
    static final String BGM_STRICT_DER = "redundant leading 0s";
    private BgmPeer.Server last;

    @Override
    protected ServerUnderTest start(ServerSpec spec) {
        BgmPeer.Server server = BgmPeer.startServer(ServerConfig.of(spec.credentials(), spec.trust())
                .withSuites(spec.suites().toArray(TlcpSuite[]::new)).withClientAuth(spec.clientAuth()));
        last = server;
        return new ServerUnderTest(server.port(), server::close);
    }

    @Test
    @Override
    protected void gmJsseClientHundredConnectionsAllSucceed() {
        try (ServerUnderTest subject = start(new ServerSpec(pki.server(), pki.root(),
                List.of(TlcpSuite.ECC_SM4_CBC_SM3), BgmPeer.ClientAuth.NONE))) {
            BgmPeer.Server server = last;
            ClientRun run = GmJssePeer.runClients(GmJssePeer.Config.of(subject.port(), pki.root())
                    .withConnections(GM_JSSE_CONNECTIONS).withLine(GM_JSSE_LINE));
            assertEquals(GM_JSSE_CONNECTIONS, run.connections().size(), run.describe());
            List<PeerConnection> seen = server.awaitConnections(GM_JSSE_CONNECTIONS, Duration.ofSeconds(30));

            List<PeerConnection> refused = seen.stream().filter(c -> !c.ok()).toList();
            for (PeerConnection c : refused) {
                assertTrue(c.error().contains(BGM_STRICT_DER), "a failure other than gm-jsse's non-minimal "
                        + "INTEGER: " + c + "\n" + server.transcript() + "\n" + run.describe());
            }
            assertEquals(refused.size(), run.failures().size(), "client and server disagree on failures\n"
                    + server.transcript() + "\n" + run.describe());
            // About 0.4 expected per 100; more than 8 would mean something else is wrong (p < 1e-8 by chance).
            assertTrue(refused.size() <= 8, refused.size() + " refused\n" + run.describe());

            String line = GM_JSSE_LINE + "\n";
            for (PeerConnection c : run.connections().stream().filter(PeerConnection::ok).toList()) {
                assertEquals(TlcpSuite.GM_JSSE_E013_NAME, c.suiteName(), c.toString());
                assertEquals("NTLSv1.1", c.protocol(), c.toString());
                assertEquals("CN=localhost", c.peerSubject(), c.toString());
                assertEquals(line.length(), c.bytes(), c.toString());
            }
            for (PeerConnection c : seen.stream().filter(PeerConnection::ok).toList()) {
                assertEquals(TlcpSuite.ECC_SM4_CBC_SM3, c.suite().orElseThrow(), c.toString());
                assertEquals(line.length(), c.bytes(), c.toString());
                assertEquals("none", c.peerSubject(), c.toString());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
