package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.netty.TlcpClient;
import io.gmgw.sslvpn.tlcp.netty.TlcpEchoServer;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandler;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandshakeCompletionEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Netty handler: real loopback sockets, and an EmbeddedChannel with a fake clock for the timeout. */
class TlcpNettyTest {
    static CryptoModule module;
    static TestPki pki;
    static TlcpCredentials server;
    static TlcpCredentials client;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-netty");
        pki = new TestPki(module);
        server = pki.server("localhost");
        client = pki.client("bob");
    }

    /** Collects everything the server echoes; completes when the channel closes. */
    static final class Collector extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> closed = new CompletableFuture<>();
        final List<Object> events = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                byte[] chunk = new byte[b.readableBytes()];
                b.readBytes(chunk);
                synchronized (data) {
                    data.writeBytes(chunk);
                }
            } finally {
                b.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            synchronized (data) {
                closed.complete(data.toByteArray());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void echoOverLoopbackThenCloseNotifyBothWays(CipherSuite suite) throws Exception {
        TlcpConfig serverConfig = TlcpConfig.server(module, server).clientVerifier(pki.verifier())
                .clientAuth(ClientAuth.WANT).build();
        TlcpConfig clientConfig = TlcpConfig.client(module, pki.verifier()).suites(List.of(suite)).credentials(client)
                .serverName("localhost", true).build();
        try (TlcpEchoServer echo = TlcpEchoServer.start(serverConfig,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
                TlcpClient tlcp = new TlcpClient(1)) {
            Collector collector = new Collector();
            TlcpClient.Connection c = tlcp.connect(clientConfig, "localhost", echo.port(), Duration.ofSeconds(5),
                    collector);
            TlcpSession session = c.handshake().get(20, TimeUnit.SECONDS);
            assertEquals(suite, session.suite());
            byte[] payload = new byte[200_000];
            new java.util.Random(3).nextBytes(payload);
            c.channel().writeAndFlush(Unpooled.wrappedBuffer(payload)).sync();
            c.closeOutbound();
            byte[] echoed = collector.closed.get(20, TimeUnit.SECONDS);
            assertArrayEquals(payload, echoed);
            assertTrue(collector.events.stream().anyMatch(e -> e instanceof io.gmgw.sslvpn.tlcp.netty.TlcpCloseNotifyEvent),
                    "the server's close_notify arrived");
            assertEquals(1, echo.handshakes());
        }
    }

    @Test
    void writesBeforeTheHandshakeWaitForIt() throws Exception {
        TlcpConfig serverConfig = TlcpConfig.server(module, server).build();
        TlcpConfig clientConfig = TlcpConfig.client(module, pki.verifier()).build();
        try (TlcpEchoServer echo = TlcpEchoServer.start(serverConfig,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
                TlcpClient tlcp = new TlcpClient(1)) {
            Collector collector = new Collector();
            TlcpClient.Connection c = tlcp.connect(clientConfig, "127.0.0.1", echo.port(), Duration.ofSeconds(5),
                    collector);
            c.channel().writeAndFlush(Unpooled.copiedBuffer("early".getBytes()));
            c.handshake().get(20, TimeUnit.SECONDS);
            c.closeOutbound();
            assertArrayEquals("early".getBytes(), collector.closed.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void handshakeTimeoutSendsAnAlertAndCloses() {
        TlcpConfig config = TlcpConfig.server(module, server).handshakeTimeout(Duration.ofSeconds(30)).build();
        TlcpHandler handler = TlcpHandler.server(config, false);
        Collector collector = new Collector();
        EmbeddedChannel ch = new EmbeddedChannel(handler, collector);
        ch.advanceTimeBy(29, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
        ByteBuf alert = ch.readOutbound();
        byte[] bytes = new byte[alert.readableBytes()];
        alert.readBytes(bytes);
        alert.release();
        assertArrayEquals(new byte[] {21, 1, 1, 0, 2, 2, 40}, bytes, "fatal handshake_failure alert in the clear");
        assertFalse(ch.isOpen());
        assertFalse(handler.handshakeFuture().isSuccess());
        TlcpHandshakeCompletionEvent event = (TlcpHandshakeCompletionEvent) collector.events.get(0);
        assertInstanceOf(TlcpAlertException.class, event.cause());
        assertTrue(event.cause().getMessage().contains("WAIT_CLIENT_HELLO"), event.cause().getMessage());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void embeddedChannelsHandshakeAndLeaveNothingBehind() {
        TlcpConfig serverConfig = TlcpConfig.server(module, server).build();
        TlcpConfig clientConfig = TlcpConfig.client(module, pki.verifier()).build();
        Collector serverApp = new Collector();
        Collector clientApp = new Collector();
        TlcpHandler serverHandler = TlcpHandler.server(serverConfig, false);
        TlcpHandler clientHandler = TlcpHandler.client(clientConfig, null, false);
        EmbeddedChannel s = new EmbeddedChannel(serverHandler, serverApp);
        EmbeddedChannel c = new EmbeddedChannel(clientHandler, clientApp);
        shuttle(c, s);
        assertTrue(clientHandler.handshakeFuture().isSuccess());
        assertTrue(serverHandler.handshakeFuture().isSuccess());
        c.writeAndFlush(Unpooled.copiedBuffer("hello".getBytes()));
        shuttle(c, s);
        synchronized (serverApp.data) {
            assertArrayEquals("hello".getBytes(), serverApp.data.toByteArray());
        }
        c.close();
        shuttle(c, s);
        assertFalse(s.isOpen(), "the server answered close_notify and closed");
        assertNull(s.readOutbound());
        assertFalse(c.finishAndReleaseAll());
        assertFalse(s.finishAndReleaseAll());
    }

    /** Moves bytes between two embedded channels until both are quiet. */
    static void shuttle(EmbeddedChannel a, EmbeddedChannel b) {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (EmbeddedChannel[] dir : new EmbeddedChannel[][] {{a, b}, {b, a}}) {
                dir[0].runPendingTasks();
                Object o;
                while ((o = dir[0].readOutbound()) != null) {
                    moved = true;
                    if (dir[1].isOpen()) {
                        dir[1].writeInbound(o);
                    } else {
                        ((ByteBuf) o).release();
                    }
                }
            }
        }
    }
}
