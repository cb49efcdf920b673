package io.gmgw.sslvpn.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.gateway.ratelimit.HandshakeAdmission;
import io.gmgw.gateway.ratelimit.HandshakeRateLimiter;
import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.gmgw.sslvpn.tlcp.TestPki;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.netty.TlcpClient;
import io.gmgw.sslvpn.tls.TlsAlertException;
import io.gmgw.sslvpn.tls.TlsServerConfig;
import io.gmgw.sslvpn.tls.TlsTestPki;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tls.AlertDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One loopback port, one pipeline: a TLCP client (gmgw's own) and a TLS client (the JDK's SSLSocket) both complete,
 * echo through the same layer above, and give it a SecureSession with the right protocol, suite and identity; a
 * revoked TLS client certificate is refused with certificate_revoked; plain HTTP gets its 400; a source over its
 * handshake rate is closed before any handshake; an established session no longer counts as unauthenticated.
 */
class SecureChannelInitializerTest {
    static CryptoModule module;
    static TestPki tlcpPki;
    static TlcpCredentials dave;
    static TlsTestPki tlsPki;
    static TlsTestPki.Pair erin;
    static TlsTestPki.Pair frank;
    static EventLoopGroup group;
    static TlcpConfig tlcpServer;
    static TlsServerConfig tlsServer;
    static final BlockingQueue<SecureChannelEvent> EVENTS = new LinkedBlockingQueue<>();

    @BeforeAll
    static void setUp() throws Exception {
        module = TestModules.deterministic("listener");
        tlcpPki = new TestPki(module);
        dave = tlcpPki.client("dave");
        tlsPki = new TlsTestPki("listener");
        erin = tlsPki.client("erin");
        frank = tlsPki.client("frank");
        tlcpServer = TlcpConfig.server(module, tlcpPki.server("localhost")).clientVerifier(tlcpPki.verifier())
                .clientAuth(ClientAuth.NEED).build();
        TlsTestPki.Pair server = tlsPki.server(TlsTestPki.ec());
        tlsServer = TlsServerConfig.server(server.key(), server.chain())
                .clientAuth(ClientAuth.NEED, tlsPki.verifier(tlsPki.crl(frank.certificate()))).build();
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void tearDown() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The layer above: echoes plaintext, reports how the secure channel ended. */
    static final class EchoAbove extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SecureChannelEvent e) {
                EVENTS.add(e);
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    private static Channel listen(HandshakeRateLimiter limiter) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new SecureChannelInitializer(tlcpServer, tlsServer, limiter,
                        ch -> ch.pipeline().addLast("tunnel", new EchoAbove())))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    private static int port(Channel listener) {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private static SecureChannelEvent nextEvent() throws InterruptedException {
        SecureChannelEvent e = EVENTS.poll(20, TimeUnit.SECONDS);
        assertNotNull(e, "no SecureChannelEvent reached the layer above");
        return e;
    }

    @Test
    void tlcpAndTlsClientsShareOnePortAndTheLayerAboveCannotTellThemApart() throws Exception {
        EVENTS.clear();
        Channel listener = listen(HandshakeRateLimiter.onSystemTicker(HandshakeRateLimiter.Limits.DEFAULTS));
        try (TlcpClient tlcp = new TlcpClient(1)) {
            CompletableFuture<byte[]> echoed = new CompletableFuture<>();
            TlcpClient.Connection c = tlcp.connect(TlcpConfig.client(module, tlcpPki.verifier()).credentials(dave)
                    .serverName("localhost", true).build(), "localhost", port(listener), Duration.ofSeconds(5),
                    new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf b = (ByteBuf) msg;
                            byte[] bytes = new byte[b.readableBytes()];
                            b.readBytes(bytes);
                            b.release();
                            echoed.complete(bytes);
                        }
                    });
            c.handshake().get(20, TimeUnit.SECONDS);
            c.channel().writeAndFlush(Unpooled.copiedBuffer("over TLCP", StandardCharsets.US_ASCII));
            assertArrayEquals("over TLCP".getBytes(StandardCharsets.US_ASCII), echoed.get(20, TimeUnit.SECONDS));
            SecureChannelEvent e = nextEvent();
            assertTrue(e.isSuccess(), () -> String.valueOf(e.cause()));
            assertEquals(SecureSession.Family.TLCP, e.session().family());
            assertEquals("TLCP", e.session().protocol());
            assertEquals(c.tlcp().session().suite().name(), e.session().cipherSuite());
            assertEquals(dave.signingCertificate().toHolder(), e.session().peerIdentity().orElseThrow());
            c.channel().close().sync();
        }

        SSLSocket s = (SSLSocket) tlsPki.jdkClientContext(erin).getSocketFactory().createSocket(
                InetAddress.getLoopbackAddress(), port(listener));
        try (s) {
            s.setSoTimeout(20_000);
            s.setEnabledProtocols(new String[] {"TLSv1.3"});
            s.startHandshake();
            s.getOutputStream().write("over TLS".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertArrayEquals("over TLS".getBytes(StandardCharsets.US_ASCII), s.getInputStream().readNBytes(8));
            SecureChannelEvent e = nextEvent();
            assertTrue(e.isSuccess(), () -> String.valueOf(e.cause()));
            assertEquals(SecureSession.Family.TLS, e.session().family());
            assertEquals("TLSv1.3", e.session().protocol());
            assertEquals(s.getSession().getCipherSuite(), e.session().cipherSuite());
            assertEquals(new X509CertificateHolder(erin.certificate().getEncoded()),
                    e.session().peerIdentity().orElseThrow());
        } finally {
            listener.close().sync();
        }
    }

    @Test
    void aRevokedTlsClientCertificateIsRefusedWithCertificateRevoked() throws Exception {
        EVENTS.clear();
        Channel listener = listen(null);
        SSLSocket s = (SSLSocket) tlsPki.jdkClientContext(frank).getSocketFactory().createSocket(
                InetAddress.getLoopbackAddress(), port(listener));
        try (s) {
            s.setSoTimeout(20_000);
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            SSLException seen = assertThrows(SSLException.class, () -> {
                s.startHandshake();
                s.getInputStream().read();
            });
            assertTrue(seen.getMessage().contains("certificate_revoked"), seen.getMessage());
            SecureChannelEvent e = nextEvent();
            assertFalse(e.isSuccess());
            assertEquals(AlertDescription.certificate_revoked,
                    assertInstanceOf(TlsAlertException.class, e.cause()).alert());
        } finally {
            listener.close().sync();
        }
    }

    @Test
    void plainHttpOnThePortIsAnswered400AndClosed() throws Exception {
        Channel listener = listen(null);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port(listener))) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(reply.startsWith("HTTP/1.1 400 Bad Request"), reply);
        } finally {
            listener.close().sync();
        }
    }

    @Test
    void aSourceOverItsHandshakeRateIsClosedBeforeAnyHandshake() throws Exception {
        long[] now = {0};
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(new HandshakeRateLimiter.Limits(1, 1, 16),
                () -> now[0]);
        Channel listener = listen(limiter);
        SSLSocket first = (SSLSocket) tlsPki.jdkClientContext(erin).getSocketFactory().createSocket(
                InetAddress.getLoopbackAddress(), port(listener));
        try (first; Socket second = connectAfter(first, listener)) {
            second.setSoTimeout(20_000);
            InputStream in = second.getInputStream();
            assertEquals(-1, in.read(), "the second connection within the second is closed at once");
            assertEquals(1, limiter.refused());
        } finally {
            listener.close().sync();
        }
    }

    /** Completes {@code first}'s handshake (so it was admitted), then opens a second connection from the same source. */
    private static Socket connectAfter(SSLSocket first, Channel listener) throws Exception {
        first.setSoTimeout(20_000);
        first.startHandshake();
        return new Socket(InetAddress.getLoopbackAddress(), port(listener));
    }

    @Test
    void anEstablishedSessionGivesItsUnauthenticatedSlotBackWhileItStaysOpen() throws Exception {
        EVENTS.clear();
        HandshakeAdmission admission = new HandshakeAdmission(
                HandshakeRateLimiter.onSystemTicker(HandshakeRateLimiter.Limits.DEFAULTS),
                new HandshakeAdmission.Limits(1000, 1000, 1));
        Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(SecureChannelInitializer.withAdmission(tlcpServer, tlsServer, admission,
                        ch -> ch.pipeline().addLast("tunnel", new EchoAbove()), Duration.ofSeconds(10)))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        SSLSocket first = (SSLSocket) tlsPki.jdkClientContext(erin).getSocketFactory().createSocket(
                InetAddress.getLoopbackAddress(), port(listener));
        try (first) {
            first.setSoTimeout(20_000);
            first.startHandshake();
            assertTrue(nextEvent().isSuccess());
            assertEquals(0, admission.unauthenticated(), "the session is up, its slot is back");
            try (SSLSocket second = (SSLSocket) tlsPki.jdkClientContext(erin).getSocketFactory().createSocket(
                    InetAddress.getLoopbackAddress(), port(listener))) {
                second.setSoTimeout(20_000);
                second.startHandshake();
                assertTrue(nextEvent().isSuccess(), "a cap of 1 still admits one handshake at a time");
            }
            assertEquals(0, admission.refusedUnauthenticated());
        } finally {
            listener.close().sync();
        }
    }
}
