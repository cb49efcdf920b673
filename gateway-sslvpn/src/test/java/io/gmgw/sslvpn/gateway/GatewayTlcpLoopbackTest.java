package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.audit.Actor;
import io.gmgw.audit.Audit;
import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.cstp.CstpFrameType;
import io.gmgw.sslvpn.testing.PlaintextReads;
import io.gmgw.sslvpn.tlcp.ClientAuth;
import io.gmgw.sslvpn.tlcp.TestPki;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpCredentials;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.gmgw.sslvpn.tlcp.netty.TlcpClient;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandler;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandshakeCompletionEvent;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.Ticker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

/**
 * The gateway behind the real TLCP handler on loopback sockets, driven by a TLCP client as openconnect drives ocserv:
 * login on one connection, CONNECT on a second with the same client certificate, a packet each way (each CSTP frame
 * arriving as one record), then the logout. The sniffer that will turn TLCP's completion event into a
 * SecureChannelEvent is another part; {@link ToSecureChannel} does that here.
 */
class GatewayTlcpLoopbackTest {
    /** Test adapter: TLCP's completion event as the one secure-channel event the gateway listens for. */
    static final class ToSecureChannel extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof TlcpHandshakeCompletionEvent e && e.isSuccess()) {
                SecureSession s = of(e.session());
                ctx.channel().attr(SecureSession.ATTRIBUTE).set(s);
                ctx.fireUserEventTriggered(SecureChannelEvent.established(s));
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        private static SecureSession of(TlcpSession t) throws java.io.IOException {
            List<X509CertificateHolder> chain = new java.util.ArrayList<>();
            for (var c : t.peerCertificates()) {
                chain.add(new X509CertificateHolder(c.encoded()));
            }
            return new SecureSession() {
                public Family family() { return Family.TLCP; }
                public String protocol() { return t.protocol(); }
                public String cipherSuite() { return t.suite().name(); }
                public byte[] sessionId() { return t.sessionId(); }
                public boolean resumed() { return t.resumed(); }
                public Instant established() { return t.established(); }
                public List<X509CertificateHolder> peerCertificates() { return List.copyOf(chain); }
            };
        }
    }

    @Test
    void openconnectsExchangeOverRealTlcp() throws Exception {
        CryptoModule module = TestModules.deterministic("gateway-loopback");
        TestPki pki = new TestPki(module);
        TlcpCredentials server = pki.server("localhost");
        TlcpCredentials client = pki.client("bob");
        TlcpConfig serverConfig = TlcpConfig.server(module, server).clientVerifier(pki.verifier())
                .clientAuth(ClientAuth.NEED).build();
        TlcpConfig clientConfig = TlcpConfig.client(module, pki.verifier()).credentials(client)
                .serverName("localhost", true).build();

        RecordingAuditSink audit = new RecordingAuditSink();
        SynchronizedPath packets = new SynchronizedPath();
        TestPool pool = new TestPool(4, false);
        Gateway gateway = Gateway.builder().settings(GatewaySettings.builder().defaultGroup("staff").build())
                .audit(new Audit(audit, Clock.systemUTC(), new Actor("gmgw", 0, "gw", 1, "gmgw sslvpn"), Map.of()))
                .ticker(Ticker.systemTicker()).random(new SecureRandom()).leases(pool).packetPath(packets)
                .policies(g -> g.equals("staff") ? Optional.of(TestPolicy.staff()) : Optional.empty()).build();

        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (TlcpClient tlcp = new TlcpClient(1)) {
            Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(gateway.newAdmissionHandler(), TlcpHandler.server(serverConfig,
                                    false), new ToSecureChannel(), gateway.newConnectionHandler());
                        }
                    }).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            int port = ((InetSocketAddress) listener.localAddress()).getPort();

            PlaintextReads login = new PlaintextReads();
            TlcpClient.Connection c1 = tlcp.connect(clientConfig, "localhost", port, Duration.ofSeconds(5), login);
            c1.handshake().get(20, TimeUnit.SECONDS);
            c1.channel().writeAndFlush(Unpooled.copiedBuffer(GatewayHarness.init("/", null), StandardCharsets.UTF_8));
            String reply = login.httpReply();
            assertTrue(reply.startsWith("HTTP/1.1 200 OK\r\n"), reply);
            Matcher token = Pattern.compile("<session-token>([^<]+)</session-token>").matcher(reply);
            assertTrue(token.find(), reply);
            c1.channel().close().sync();

            PlaintextReads tunnel = new PlaintextReads();
            TlcpClient.Connection c2 = tlcp.connect(clientConfig, "localhost", port, Duration.ofSeconds(5), tunnel);
            c2.handshake().get(20, TimeUnit.SECONDS);
            c2.channel().writeAndFlush(Unpooled.copiedBuffer(GatewayHarness.connectRequest(token.group(1)),
                    StandardCharsets.UTF_8));
            String connected = tunnel.httpReply();
            assertTrue(connected.startsWith("HTTP/1.1 200 CONNECTED\r\n"), connected);
            assertTrue(connected.contains("X-CSTP-Address: 192.168.99.2\r\n"), connected);

            byte[] out = GatewayHarness.ipv4("192.168.99.2", "10.20.1.1", 64);
            c2.channel().writeAndFlush(Unpooled.wrappedBuffer(GatewayHarness.frame(CstpFrameType.DATA, out)));
            assertArrayEquals(out, packets.delivered.poll(20, TimeUnit.SECONDS));

            SessionInfo s = gateway.sessions().list().getFirst();
            assertEquals("bob", s.user());
            assertTrue(s.protocol().startsWith("TLCP"), s.protocol());
            byte[] in = GatewayHarness.ipv4("10.20.1.1", "192.168.99.2", 1000);
            packets.receivers.get(s.id()).send(Unpooled.wrappedBuffer(in));
            assertArrayEquals(GatewayHarness.frame(CstpFrameType.DATA, in), tunnel.record(),
                    "one CSTP frame in one record (cstp.md §5)");
            // a burst, drained with one flush per batch: still one frame per record
            List<byte[]> burst = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                burst.add(GatewayHarness.ipv4("10.20.1.1", "192.168.99.2", 900 + i));
                packets.receivers.get(s.id()).send(Unpooled.wrappedBuffer(burst.getLast()));
            }
            for (byte[] p : burst) {
                assertArrayEquals(GatewayHarness.frame(CstpFrameType.DATA, p), tunnel.record(),
                        "each frame of a burst in a record of its own (cstp.md §5)");
            }

            c2.channel().writeAndFlush(Unpooled.wrappedBuffer(GatewayHarness.frame(CstpFrameType.DISCONNECT,
                    new byte[] {(byte) 0xb0, 'b', 'y', 'e'})));
            tunnel.closed.get(20, TimeUnit.SECONDS);
            listener.close().sync();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        assertTrue(gateway.sessions().list().isEmpty());
        assertEquals(0, pool.inUse());
        assertEquals(List.of("sslvpn.login", "sslvpn.session-start", "sslvpn.session-end"),
                audit.events.stream().map(e -> e.event()).filter(e -> e.startsWith("sslvpn.")).toList());
        assertTrue(audit.of("sslvpn.login").getFirst().details().get("protocol").startsWith("TLCP"));
        assertEquals("logout", audit.of("sslvpn.session-end").getFirst().details().get("reason"));
    }

    /** A packet path whose recordings a test thread can wait for. */
    static final class SynchronizedPath implements PacketPath {
        final BlockingQueue<byte[]> delivered = new LinkedBlockingQueue<>();
        final Map<String, Receiver> receivers = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Registration register(String sessionId, List<IpPrefix> addresses, Receiver receiver) {
            receivers.put(sessionId, receiver);
            return () -> receivers.remove(sessionId, receiver);
        }

        @Override
        public boolean deliver(String sessionId, ByteBuf packet) {
            try {
                byte[] a = new byte[packet.readableBytes()];
                packet.readBytes(a);
                delivered.add(a);
                return true;
            } finally {
                packet.release();
            }
        }
    }
}
