package io.gmgw.interop.tlcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.TestModules;
import io.gmgw.interop.tlcp.BgmPeer.ClientAuth;
import io.gmgw.interop.tlcp.BgmPeer.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live interop a TLCP client must pass against BGMProvider's server: a subclass says how the client under test
 * makes one connection ({@link #connect}); the tests here start BGM servers for it. {@code BgmClientContractSelfTest}
 * runs them with BGMProvider's own client to prove the harness; gmgw's client plugs in the same way. What the client
 * must do: every ECC suite one-way, every suite mutual with its double certificates (BGM's ECDHE messages name the
 * curve 0x00F9, not RFC 8998's 41), and refuse a server whose chain does not lead to its trust anchor.
 */
public abstract class TlcpClientInteropContract {
    private static final Duration WAIT = Duration.ofSeconds(30);
    protected static final String CLIENT_RFC2253 = "CN=tlcp-interop-client,O=gmgw tests";

    @TempDir
    protected static Path pkiDir;
    protected static TlcpTestPki pki;

    /**
     * One connection for the client under test to make.
     *
     * @param host        where the server listens (127.0.0.1)
     * @param port        its port
     * @param suite       the one suite to offer
     * @param credentials the client's double pair for mutual authentication; null for none
     * @param trust       PEM file with the root CA the server's chain must lead to
     * @param payload     bytes to send once the handshake is done; the server echoes them
     */
    public record ClientSpec(String host, int port, TlcpSuite suite, TlcpParty credentials, Path trust,
            byte[] payload) {
        public ClientSpec {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(suite, "suite");
            Objects.requireNonNull(trust, "trust");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** What the connection achieved: the suite negotiated and the bytes read back. */
    public record ClientOutcome(TlcpSuite negotiated, byte[] echoed) {
    }

    /**
     * Makes the connection, sends the payload, reads as many bytes back, closes with close_notify.
     *
     * @throws Exception when the handshake or the exchange fails (a refused server certificate included)
     */
    protected abstract ClientOutcome connect(ClientSpec spec) throws Exception;

    @BeforeAll
    static void peerAndPki() {
        BgmPeer.require();
        pki = TlcpTestPki.create(TestModules.production(), pkiDir);
    }

    @Test
    protected void eccSuitesOneWayAgainstBgmServer() throws Exception {
        try (BgmPeer.Server server = BgmPeer.startServer(ServerConfig.of(pki.server(), pki.root()))) {
            for (TlcpSuite suite : new TlcpSuite[] {TlcpSuite.ECC_SM4_CBC_SM3, TlcpSuite.ECC_SM4_GCM_SM3}) {
                byte[] payload = payload(suite, 20_000);
                ClientOutcome out = connect(new ClientSpec("127.0.0.1", server.port(), suite, null, pki.root(),
                        payload));
                assertEquals(suite, out.negotiated());
                assertArrayEquals(payload, out.echoed(), suite + ": echo differs");
                PeerConnection seen = server.awaitConnection(WAIT);
                assertTrue(seen.ok(), seen + "\n" + server.transcript());
                assertEquals(suite, seen.suite().orElseThrow(), seen.toString());
                assertEquals("none", seen.peerSubject(), seen.toString());
                assertEquals(payload.length, seen.bytes(), seen.toString());
            }
        }
    }

    @Test
    protected void everySuiteMutualAgainstBgmServer() throws Exception {
        try (BgmPeer.Server server = BgmPeer.startServer(ServerConfig.of(pki.server(), pki.root())
                .withClientAuth(ClientAuth.NEED))) {
            for (TlcpSuite suite : TlcpSuite.values()) {
                byte[] payload = payload(suite, 1000);
                ClientOutcome out = connect(new ClientSpec("127.0.0.1", server.port(), suite, pki.client(),
                        pki.root(), payload));
                assertEquals(suite, out.negotiated());
                assertArrayEquals(payload, out.echoed(), suite + ": echo differs");
                PeerConnection seen = server.awaitConnection(WAIT);
                assertTrue(seen.ok(), seen + "\n" + server.transcript());
                assertEquals(suite, seen.suite().orElseThrow(), seen.toString());
                assertEquals(CLIENT_RFC2253, seen.peerSubject(), seen.toString());
            }
        }
    }

    @Test
    protected void refusesAServerItDoesNotTrust() throws Exception {
        try (BgmPeer.Server server = BgmPeer.startServer(ServerConfig.of(pki.server(), pki.root())
                .withSuites(TlcpSuite.ECC_SM4_CBC_SM3))) {
            assertThrows(Exception.class, () -> connect(new ClientSpec("127.0.0.1", server.port(),
                    TlcpSuite.ECC_SM4_CBC_SM3, null, pki.strangerRoot(), new byte[] {1, 2, 3})),
                    "a server chain that does not lead to the client's trust anchor must be refused");
            PeerConnection seen = server.awaitConnection(WAIT);
            assertTrue(!seen.ok(), seen.toString());
        }
    }

    private static byte[] payload(TlcpSuite suite, int size) {
        byte[] b = new byte[size];
        new Random(suite.id()).nextBytes(b);
        return b;
    }
}
