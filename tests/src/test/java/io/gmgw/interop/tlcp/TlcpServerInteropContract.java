package io.gmgw.interop.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.TestModules;
import io.gmgw.interop.tlcp.BgmPeer.ClientAuth;
import io.gmgw.interop.tlcp.BgmPeer.ClientConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live interop a TLCP server must pass against the third-party clients: a subclass says how to start the server
 * under test ({@link #start}); the tests here run BGMProvider's and gm-jsse's clients against it.
 * {@code BgmServerContractSelfTest} runs them against BGMProvider's own server to prove the harness; gmgw's server
 * plugs in the same way:
 *
 * <pre>
 * class GmgwTlcpServerInteropTest extends TlcpServerInteropContract {
 *     protected ServerUnderTest start(ServerSpec spec) throws Exception {
 *         var server = ...; // gmgw's TLCP server on 127.0.0.1:0 with spec.credentials(), spec.trust(), ...
 *         return new ServerUnderTest(server.port(), server::close);
 *     }
 * }
 * </pre>
 *
 * What the server must do: every suite, ECC one-way with BGM's default ClientHello (extensions supported_groups
 * [0x00F9] and renegotiation_info, to be ignored), mutual authentication with double client certificates for every
 * suite, refuse a client certificate from an unknown CA, and complete all of 100 gm-jsse handshakes (gm-jsse's SM2
 * ciphertexts carry non-minimal DER INTEGERs: decode them leniently). The server echoes application data.
 */
public abstract class TlcpServerInteropContract {
    /** gm-jsse connections the issue asks for. */
    protected static final int GM_JSSE_CONNECTIONS = 100;
    protected static final String GM_JSSE_LINE = "ping from gm-jsse client";
    protected static final int PAYLOAD = 16 * 1024 + 7;
    protected static final String CLIENT_RFC2253 = "CN=tlcp-interop-client,O=gmgw tests";

    @TempDir
    protected static Path pkiDir;
    protected static TlcpTestPki pki;

    /**
     * How to start the server under test.
     *
     * @param credentials the server's double pair and chain (the chain file holds the issuing CA)
     * @param trust       PEM file with the root CA that client certificates must chain to
     * @param suites      the suites to enable
     * @param clientAuth  NONE: no CertificateRequest; NEED: a client certificate chain is required
     */
    public record ServerSpec(TlcpParty credentials, Path trust, List<TlcpSuite> suites, ClientAuth clientAuth) {
        public ServerSpec {
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(trust, "trust");
            suites = List.copyOf(suites);
            Objects.requireNonNull(clientAuth, "clientAuth");
        }
    }

    /** A started server: its loopback port and how to stop it. */
    public record ServerUnderTest(int port, AutoCloseable stopper) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stopper.close();
        }
    }

    /** Starts the server under test on 127.0.0.1 (an ephemeral port) as {@code spec} says; it echoes app data. */
    protected abstract ServerUnderTest start(ServerSpec spec) throws Exception;

    @BeforeAll
    static void peersAndPki() {
        BgmPeer.require();
        GmJssePeer.require();
        pki = TlcpTestPki.create(TestModules.production(), pkiDir);
    }

    @Test
    protected void bgmClientEccSuitesOneWayWithItsDefaultHello() throws Exception {
        try (ServerUnderTest server = start(new ServerSpec(pki.server(), pki.root(), List.of(TlcpSuite.values()),
                ClientAuth.NONE))) {
            ClientRun run = BgmPeer.runClient(ClientConfig.of(server.port(), pki.root(), TlcpSuite.ECC_SM4_CBC_SM3)
                    .withSuites(TlcpSuite.ECC_SM4_CBC_SM3, TlcpSuite.ECC_SM4_GCM_SM3).withEachSuiteInTurn()
                    .withConnections(4).withPayload(PAYLOAD, 3));
            assertTrue(run.ok(), run.describe());
            assertEquals(List.of(TlcpSuite.ECC_SM4_CBC_SM3, TlcpSuite.ECC_SM4_GCM_SM3, TlcpSuite.ECC_SM4_CBC_SM3,
                    TlcpSuite.ECC_SM4_GCM_SM3), run.connections().stream().map(c -> c.suite().orElseThrow()).toList(),
                    run.describe());
            for (PeerConnection c : run.connections()) {
                assertEquals("CN=" + TlcpTestPki.SERVER_NAME, c.peerSubject(), c.toString());
                assertEquals(3L * PAYLOAD, c.bytes(), c.toString());
            }
        }
    }

    @Test
    protected void bgmClientEverySuiteMutualAndAStrangerRefused() throws Exception {
        try (ServerUnderTest server = start(new ServerSpec(pki.server(), pki.root(), List.of(TlcpSuite.values()),
                ClientAuth.NEED))) {
            ClientRun run = BgmPeer.runClient(ClientConfig.of(server.port(), pki.root(), TlcpSuite.ECC_SM4_CBC_SM3)
                    .withSuites(TlcpSuite.values()).withEachSuiteInTurn().withCredentials(pki.client()));
            assertTrue(run.ok(), run.describe());
            assertEquals(List.of(TlcpSuite.values()), run.connections().stream().map(c -> c.suite().orElseThrow())
                    .toList(), run.describe());

            ClientRun stranger = BgmPeer.runClient(ClientConfig.of(server.port(), pki.root(),
                    TlcpSuite.ECC_SM4_CBC_SM3).withCredentials(pki.stranger()));
            assertFalse(stranger.ok(), "a client certificate from an unknown CA must be refused\n"
                    + stranger.describe());
        }
    }

    @Test
    protected void gmJsseClientHundredConnectionsAllSucceed() throws Exception {
        try (ServerUnderTest server = start(new ServerSpec(pki.server(), pki.root(), List.of(TlcpSuite.values()),
                ClientAuth.NONE))) {
            ClientRun run = GmJssePeer.runClients(GmJssePeer.Config.of(server.port(), pki.root())
                    .withConnections(GM_JSSE_CONNECTIONS).withLine(GM_JSSE_LINE));
            assertTrue(run.ok(), run.describe());
            assertEquals(GM_JSSE_CONNECTIONS, run.succeeded(), run.describe());
            assertEquals(java.util.Set.of(TlcpSuite.GM_JSSE_E013_NAME), run.suiteNames(), run.describe());
        }
    }
}
