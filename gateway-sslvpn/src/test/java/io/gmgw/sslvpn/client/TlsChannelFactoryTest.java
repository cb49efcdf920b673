package io.gmgw.sslvpn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.tls.TlsHandler;
import io.gmgw.sslvpn.tls.TlsSecureSession;
import io.gmgw.sslvpn.tls.TlsServerConfig;
import io.gmgw.sslvpn.tls.TlsTestPki;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

/**
 * The client's TLS channel against the gateway's TLS handler over loopback TCP: the connection is made with no Nagle
 * delay, the server's name is checked, and the session is announced as the same {@link TlsSecureSession} type the
 * gateway's side gives.
 */
class TlsChannelFactoryTest {
    @Test
    void connectsAndAnnouncesTheSessionAsTheGatewaysOwnTlsSessionType() throws Exception {
        TlsTestPki pki = new TlsTestPki("client-channel");
        TlsTestPki.Pair server = pki.server(TlsTestPki.ec());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new TlsHandler(TlsServerConfig.server(server.key(), server.chain())
                                    .build()));
                        }
                    }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            SslContext context = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(pki.ca)
                    .protocols("TLSv1.3").build();
            CompletableFuture<SecureChannelEvent> announced = new CompletableFuture<>();
            ChannelFuture connect = new TlsChannelFactory(group, context, Duration.ofSeconds(20), "localhost")
                    .open(VpnUrl.parse("https://127.0.0.1:" + port), new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                            if (evt instanceof SecureChannelEvent e) {
                                announced.complete(e);
                            }
                        }
                    });
            SecureChannelEvent event = announced.get(30, TimeUnit.SECONDS);
            assertTrue(event.isSuccess(), () -> String.valueOf(event.cause()));
            TlsSecureSession session = assertInstanceOf(TlsSecureSession.class, event.session());
            assertEquals(SecureSession.Family.TLS, session.family());
            assertEquals("TLSv1.3", session.protocol());
            assertFalse(session.resumed(), "a first connection resumes nothing");
            assertEquals(new X509CertificateHolder(server.certificate().getEncoded()),
                    session.peerCertificates().getFirst());
            Channel channel = connect.channel();
            assertSame(session, channel.attr(SecureSession.ATTRIBUTE).get());
            assertTrue(channel.config().getOption(ChannelOption.TCP_NODELAY), "no Nagle delay under the tunnel");
            channel.close().sync();
            listener.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }
}
