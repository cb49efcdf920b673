package io.gmgw.sslvpn.tlcp.netty;

import io.gmgw.sslvpn.channel.AlertDrain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.TestPki;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How a connection ends after a fatal alert we send, over real loopback sockets with a plain socket as the peer: the
 * peer reads the alert and then the end of the stream, never a reset, even when it keeps sending; and the server does
 * not wait for it longer than its time and byte bounds. Waits are on events (end of stream, the server channel's
 * close), with generous limits that only a failure reaches.
 */
class TlcpAlertCloseTest {
    private static final byte[] HTTP = "GET / HTTP/1.1\r\nHost: gw\r\nContent-Length: 65536\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    /** What an HTTP request gets from a TLCP server: unexpected_message, in the clear. */
    private static final byte[] ALERT = {21, 1, 1, 0, 2, 2, (byte) AlertDescription.UNEXPECTED_MESSAGE.code()};

    static CryptoModule module;
    static TlcpConfig config;
    static EventLoopGroup group;

    @BeforeAll
    static void setUp() {
        module = TestModules.deterministic("tlcp-alert-close");
        config = TlcpConfig.server(module, new TestPki(module).server("localhost")).build();
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** A listening server; {@code accepted} completes with the channel of its first connection. */
    record Server(Channel listener, CompletableFuture<Channel> accepted) implements AutoCloseable {
        int port() {
            return ((InetSocketAddress) listener.localAddress()).getPort();
        }

        Channel connection() throws Exception {
            return accepted.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            listener.close().sync();
        }
    }

    static Server server(long drainMillis, long drainBytes) throws InterruptedException {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(TlcpHandler.server(config, false).alertDrain(drainMillis, drainBytes));
                        accepted.complete(ch);
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        return new Server(listener, accepted);
    }

    /**
     * Before: the server closed at once, with the rest of the request unread, so the kernel reset the connection and
     * the peer got "Connection reset" (or a broken pipe while still writing) instead of the alert.
     */
    @Test
    void aPeerThatKeepsSendingAfterTheAlertReadsTheAlertAndThenTheEndNotAReset() throws Exception {
        try (Server server = server(AlertDrain.DEFAULT_MILLIS, AlertDrain.DEFAULT_BYTES);
                Socket peer = new Socket("127.0.0.1", server.port())) {
            peer.setSoTimeout(30_000);
            OutputStream out = peer.getOutputStream();
            out.write(HTTP);
            out.flush();
            InputStream in = peer.getInputStream();
            assertArrayEquals(ALERT, in.readNBytes(ALERT.length), "the alert comes first");
            byte[] body = new byte[1024];
            for (int i = 0; i < 64; i++) {
                out.write(body); // still sending after the alert: a reset would fail these writes
            }
            out.flush();
            peer.shutdownOutput();
            assertArrayEquals(new byte[0], in.readAllBytes(), "then the end of the stream, not a reset");
            assertTrue(server.connection().closeFuture().await(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aPeerThatSendsTheRestOfItsFlightAtOnceStillGetsTheAlert() throws Exception {
        try (Server server = server(AlertDrain.DEFAULT_MILLIS, AlertDrain.DEFAULT_BYTES);
                Socket peer = new Socket("127.0.0.1", server.port())) {
            peer.setSoTimeout(30_000);
            OutputStream out = peer.getOutputStream();
            byte[] all = new byte[HTTP.length + 32 * 1024];
            System.arraycopy(HTTP, 0, all, 0, HTTP.length);
            out.write(all); // the request and its body in one go: most of it arrives after the alert is decided
            out.flush();
            peer.shutdownOutput();
            assertArrayEquals(ALERT, peer.getInputStream().readAllBytes());
        }
    }

    @Test
    void aPeerThatNeitherClosesNorStopsIsCutOffAfterTheTimeLimit() throws Exception {
        try (Server server = server(200, AlertDrain.DEFAULT_BYTES);
                Socket peer = new Socket("127.0.0.1", server.port())) {
            peer.setSoTimeout(30_000);
            peer.getOutputStream().write(HTTP);
            InputStream in = peer.getInputStream();
            assertArrayEquals(ALERT, in.readNBytes(ALERT.length));
            assertEquals(-1, in.read(), "our output is shut down after the alert");
            // the peer keeps its side open: the server's drain timer ends the connection
            assertTrue(server.connection().closeFuture().await(30, TimeUnit.SECONDS));
            assertFalse(peer.isClosed());
        }
    }

    @Test
    void aPeerThatFloodsIsCutOffAfterTheByteLimit() throws Exception {
        // a time limit the test never reaches: only the byte limit can end the connection within the wait
        try (Server server = server(600_000, 4096);
                Socket peer = new Socket("127.0.0.1", server.port())) {
            peer.setSoTimeout(30_000);
            OutputStream out = peer.getOutputStream();
            out.write(HTTP);
            assertArrayEquals(ALERT, peer.getInputStream().readNBytes(ALERT.length));
            try {
                out.write(new byte[64 * 1024]);
            } catch (java.io.IOException e) {
                // the server may already be gone: that is the point
            }
            assertTrue(server.connection().closeFuture().await(30, TimeUnit.SECONDS));
        }
    }
}
