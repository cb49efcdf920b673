package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.netty.TlcpClient;
import io.gmgw.sslvpn.tlcp.netty.TlcpEchoServer;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandler;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandshakeCompletionEvent;
import io.gmgw.sslvpn.tlcp.netty.TlcpTruncationEvent;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
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
        assertTrue(serverApp.events.stream().noneMatch(e -> e instanceof TlcpTruncationEvent),
                "a close after close_notify is no truncation");
        assertFalse(c.finishAndReleaseAll());
        assertFalse(s.finishAndReleaseAll());
    }

    /**
     * Every kind of buffer an application or a transport hands the handler: heap (sealed from its array, with an offset
     * into it), direct and composite (copied), and records arriving in direct buffers and in heap slices at an offset.
     * The bytes arrive intact, in order, and every buffer is released.
     */
    @Test
    void heapDirectAndCompositeBuffersAllArriveIntactAndAreReleased() {
        Collector clientApp = new Collector();
        Collector serverApp = new Collector();
        EmbeddedChannel[] cs = established(clientApp, serverApp);
        EmbeddedChannel c = cs[0];
        EmbeddedChannel s = cs[1];
        java.util.Random random = new java.util.Random(11);
        byte[] a = new byte[20_000];
        byte[] b = new byte[5_000];
        byte[] d = new byte[300];
        random.nextBytes(a);
        random.nextBytes(b);
        random.nextBytes(d);
        ByteBuf heapWithOffset = Unpooled.wrappedBuffer(new byte[7], a, new byte[3]).copy().slice(7, a.length);
        ByteBuf direct = Unpooled.directBuffer(b.length).writeBytes(b);
        io.netty.buffer.CompositeByteBuf composite = Unpooled.compositeBuffer()
                .addComponent(true, Unpooled.copiedBuffer(d, 0, 100))
                .addComponent(true, Unpooled.directBuffer(200).writeBytes(d, 100, 200));
        List<ByteBuf> written = List.of(heapWithOffset, direct, composite);
        for (ByteBuf buf : written) {
            c.write(buf);
        }
        c.flush();
        // deliver the client's records to the server once as direct buffers, then as heap slices at an offset
        boolean asDirect = true;
        Object o;
        while ((o = c.readOutbound()) != null) {
            ByteBuf records = (ByteBuf) o;
            ByteBuf copy;
            if (asDirect) {
                copy = Unpooled.directBuffer(records.readableBytes()).writeBytes(records);
            } else {
                byte[] padded = new byte[records.readableBytes() + 9];
                records.readBytes(padded, 4, records.readableBytes());
                copy = Unpooled.wrappedBuffer(padded).slice(4, padded.length - 9);
            }
            records.release();
            asDirect = !asDirect;
            s.writeInbound(copy);
            assertEquals(0, copy.refCnt(), "the handler released what it read");
        }
        for (ByteBuf buf : written) {
            assertEquals(0, buf.refCnt(), "the handler released what it sealed");
        }
        synchronized (serverApp.data) {
            assertArrayEquals(concat(a, b, d), serverApp.data.toByteArray());
        }
        c.close();
        c.finishAndReleaseAll(); // the final close_notify, released rather than leaked
        s.finishAndReleaseAll();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Both ends of an established connection over embedded channels: [client, server]. */
    private static EmbeddedChannel[] established(Collector clientApp, Collector serverApp) {
        TlcpHandler serverHandler = TlcpHandler.server(TlcpConfig.server(module, server).build(), true);
        TlcpHandler clientHandler = TlcpHandler.client(TlcpConfig.client(module, pki.verifier()).build(), null, true);
        EmbeddedChannel s = new EmbeddedChannel(serverHandler, serverApp);
        EmbeddedChannel c = new EmbeddedChannel(clientHandler, clientApp);
        shuttle(c, s);
        assertTrue(clientHandler.handshakeFuture().isSuccess());
        assertTrue(serverHandler.handshakeFuture().isSuccess());
        return new EmbeddedChannel[] {c, s};
    }

    @Test
    void peerDroppingTheConnectionWithoutCloseNotifyIsReportedAsTruncation() {
        Collector clientApp = new Collector();
        Collector serverApp = new Collector();
        EmbeddedChannel[] cs = established(clientApp, serverApp);
        // the client's TCP connection ends under it (the peer's FIN or RST), no close_notify came first
        cs[0].unsafe().close(cs[0].voidPromise());
        TlcpTruncationEvent t = clientApp.events.stream().filter(e -> e instanceof TlcpTruncationEvent)
                .map(TlcpTruncationEvent.class::cast).findFirst().orElseThrow(() -> new AssertionError(
                        "no truncation event: " + clientApp.events));
        assertFalse(t.afterOurCloseNotify());
        assertTrue(t.message().contains("without close_notify"), t.message());
        assertTrue(clientApp.closed.isDone(), "channelInactive still reaches the application, after the event");
        cs[0].finishAndReleaseAll(); // what is left (the close_notify of a final close) is released, not leaked
        cs[1].finishAndReleaseAll();
    }

    @Test
    void peerNotAnsweringOurCloseNotifyIsReportedAsSuch() {
        Collector clientApp = new Collector();
        Collector serverApp = new Collector();
        EmbeddedChannel[] cs = established(clientApp, serverApp);
        TlcpHandler clientHandler = cs[0].pipeline().get(TlcpHandler.class);
        clientHandler.closeOutbound();
        cs[0].runPendingTasks();
        ByteBuf closeNotify = cs[0].readOutbound();
        assertNotNull(closeNotify, "our close_notify went out");
        closeNotify.release();
        cs[0].unsafe().close(cs[0].voidPromise());
        assertTrue(clientApp.events.stream().anyMatch(e -> e instanceof TlcpTruncationEvent t
                && t.afterOurCloseNotify()), () -> String.valueOf(clientApp.events));
        cs[0].finishAndReleaseAll(); // what is left (the close_notify of a final close) is released, not leaked
        cs[1].finishAndReleaseAll();
    }

    @Test
    void ourOwnCloseIsNoTruncation() {
        Collector clientApp = new Collector();
        Collector serverApp = new Collector();
        EmbeddedChannel[] cs = established(clientApp, serverApp);
        cs[0].close();
        assertTrue(clientApp.events.stream().noneMatch(e -> e instanceof TlcpTruncationEvent),
                () -> String.valueOf(clientApp.events));
        cs[0].finishAndReleaseAll(); // what is left (the close_notify of a final close) is released, not leaked
        cs[1].finishAndReleaseAll();
    }

    @Test
    void removingTheHandlerMidHandshakeFailsItsFuture() {
        TlcpHandler handler = TlcpHandler.client(TlcpConfig.client(module, pki.verifier()).build(), null, false);
        EmbeddedChannel c = new EmbeddedChannel(handler, new Collector());
        assertFalse(handler.handshakeFuture().isDone());
        c.pipeline().remove(handler);
        assertTrue(handler.handshakeFuture().isDone(), "whoever waits on the handshake is told");
        assertInstanceOf(IllegalStateException.class, handler.handshakeFuture().cause());
        c.advanceTimeBy(1, TimeUnit.HOURS);
        c.runScheduledPendingTasks();
        assertTrue(c.isOpen(), "the cancelled handshake timer did not close the channel");
        c.finishAndReleaseAll(); // the unsent ClientHello
    }

    @Test
    void writesHeldForTheHandshakeFailWhenTheConnectionEndsFirst() {
        TlcpHandler handler = TlcpHandler.client(TlcpConfig.client(module, pki.verifier()).build(), null, false);
        EmbeddedChannel c = new EmbeddedChannel(handler, new Collector());
        ChannelFuture early = c.writeAndFlush(Unpooled.copiedBuffer("early".getBytes()));
        assertFalse(early.isDone(), "held until the handshake finishes");
        c.unsafe().close(c.voidPromise());
        assertTrue(early.isDone() && !early.isSuccess());
        // failed with the handshake's own failure, which says what happened
        assertInstanceOf(TlcpAlertException.class, early.cause());
        assertTrue(early.cause().getMessage().contains("closed the connection during the handshake"),
                early.cause().getMessage());
        assertTrue(handler.handshakeFuture().isDone() && !handler.handshakeFuture().isSuccess());
        c.finishAndReleaseAll(); // the unsent ClientHello
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
