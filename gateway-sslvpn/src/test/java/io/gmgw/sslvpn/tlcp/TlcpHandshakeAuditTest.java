package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.audit.AuditEvent;
import io.gmgw.audit.AuditException;
import io.gmgw.audit.Outcome;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.netty.TlcpClient;
import io.gmgw.sslvpn.tlcp.netty.TlcpEchoServer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every TLCP handshake leaves one {@code tlcp.handshake} record on each side that has an audit: the peer's certificate
 * subject and serial when it succeeds, the alert and why when it fails; a server whose audit cannot record a
 * handshake does not let that session through.
 */
class TlcpHandshakeAuditTest {
    static CryptoModule module;
    static TestPki pki;
    static TestPki stranger;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-audit");
        pki = new TestPki(module);
        stranger = new TestPki(module, "stranger");
    }

    private static Audit audit(BlockingQueue<AuditEvent> events, String program) {
        return new Audit(events::add, Clock.systemUTC(), Actor.ofThisProcess(program), Map.of());
    }

    private static TlcpEchoServer server(TlcpConfig config) throws Exception {
        return TlcpEchoServer.start(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
    }

    @Test
    void bothSidesRecordTheirPeerOnSuccess() throws Exception {
        BlockingQueue<AuditEvent> serverEvents = new LinkedBlockingQueue<>();
        BlockingQueue<AuditEvent> clientEvents = new LinkedBlockingQueue<>();
        TlcpCredentials bob = pki.client("bob");
        TlcpCredentials gateway = pki.server("localhost");
        TlcpConfig serverConfig = TlcpConfig.server(module, gateway).clientVerifier(pki.verifier())
                .clientAuth(ClientAuth.NEED).audit(audit(serverEvents, "server")).build();
        TlcpConfig clientConfig = TlcpConfig.client(module, pki.verifier()).credentials(bob)
                .serverName("localhost", true).audit(audit(clientEvents, "client")).build();
        try (TlcpEchoServer echo = server(serverConfig); TlcpClient tlcp = new TlcpClient(1)) {
            TlcpSession session = tlcp.connect(clientConfig, "localhost", echo.port(), Duration.ofSeconds(5),
                    new ChannelInboundHandlerAdapter()).handshake().get(20, TimeUnit.SECONDS);

            AuditEvent atServer = serverEvents.poll(20, TimeUnit.SECONDS);
            assertEquals("tlcp.handshake", atServer.event());
            assertEquals(Outcome.SUCCESS, atServer.outcome());
            assertEquals(bob.signingCertificate().subject().toString(), atServer.subject());
            assertEquals(bob.signingCertificate().serialHex(), atServer.correlation().get("peerSerial"));
            assertEquals(session.sessionIdHex(), atServer.correlation().get("session"));
            assertEquals("server", atServer.details().get("role"));
            assertTrue(atServer.object().contains("127.0.0.1"), atServer.object());

            AuditEvent atClient = clientEvents.poll(20, TimeUnit.SECONDS);
            assertEquals(gateway.signingCertificate().subject().toString(), atClient.subject());
            assertEquals("client", atClient.details().get("role"));
        }
    }

    @Test
    void aRefusedPeerIsRecordedWithTheAlertOnBothSides() throws Exception {
        BlockingQueue<AuditEvent> serverEvents = new LinkedBlockingQueue<>();
        BlockingQueue<AuditEvent> clientEvents = new LinkedBlockingQueue<>();
        TlcpConfig serverConfig = TlcpConfig.server(module, stranger.server("localhost"))
                .audit(audit(serverEvents, "server")).build();
        TlcpConfig clientConfig = TlcpConfig.client(module, pki.verifier()).serverName("localhost", true)
                .audit(audit(clientEvents, "client")).build();
        try (TlcpEchoServer echo = server(serverConfig); TlcpClient tlcp = new TlcpClient(1)) {
            var handshake = tlcp.connect(clientConfig, "localhost", echo.port(), Duration.ofSeconds(5),
                    new ChannelInboundHandlerAdapter()).handshake();
            assertThrows(ExecutionException.class, () -> handshake.get(20, TimeUnit.SECONDS));

            AuditEvent atClient = clientEvents.poll(20, TimeUnit.SECONDS);
            assertEquals(Outcome.FAILURE, atClient.outcome());
            assertEquals("unknown_ca", atClient.details().get("alert"));
            assertEquals("us", atClient.details().get("alertFrom"));
            AuditEvent atServer = serverEvents.poll(20, TimeUnit.SECONDS);
            assertEquals(Outcome.FAILURE, atServer.outcome());
            assertEquals("unknown_ca", atServer.details().get("alert"));
            assertEquals("peer", atServer.details().get("alertFrom"));
        }
    }

    @Test
    void aHandshakeTheServerCannotRecordIsNotLetThrough() throws Exception {
        Audit broken = new Audit(e -> {
            throw new AuditException("disk full");
        }, Clock.systemUTC(), Actor.ofThisProcess("server"), Map.of());
        TlcpConfig serverConfig = TlcpConfig.server(module, pki.server("localhost")).audit(broken).build();
        TlcpConfig clientConfig = TlcpConfig.client(module, pki.verifier()).serverName("localhost", true).build();
        try (TlcpEchoServer echo = server(serverConfig); TlcpClient tlcp = new TlcpClient(1)) {
            var handshake = tlcp.connect(clientConfig, "localhost", echo.port(), Duration.ofSeconds(5),
                    new ChannelInboundHandlerAdapter()).handshake();
            assertThrows(ExecutionException.class, () -> handshake.get(20, TimeUnit.SECONDS),
                    "the server closes instead of finishing a handshake it cannot record");
            assertEquals(0, echo.handshakes());
        }
    }
}
