package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.TlcpNettyTest.Collector;
import io.gmgw.sslvpn.tlcp.message.ClientHello;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandler;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandshakeCompletionEvent;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.ProtocolVersion;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import io.gmgw.sslvpn.tlcp.record.ContentType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The failure paths through {@link TlcpHandler} on EmbeddedChannels: the alert on the wire, the channel closed, the
 * handshake future failed, pending writes failed, and no buffer left behind (surefire runs the leak detector at
 * paranoid).
 */
class TlcpNettyNegativeTest {
    static CryptoModule module;
    static TestPki pki;
    static TlcpCredentials server;
    static TlcpCredentials client;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-netty-negative");
        pki = new TestPki(module);
        server = pki.server("localhost");
        client = pki.client("trent");
    }

    static byte[] readAll(EmbeddedChannel ch) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            byte[] chunk = new byte[b.readableBytes()];
            b.readBytes(chunk);
            b.release();
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    static byte[] fatalAlert(AlertDescription alert) {
        return new byte[] {21, 1, 1, 0, 2, 2, (byte) alert.code()};
    }

    static void assertFailedWith(TlcpHandler handler, AlertDescription alert, boolean fromPeer) {
        assertTrue(handler.handshakeFuture().isDone());
        TlcpAlertException e = assertInstanceOf(TlcpAlertException.class, handler.handshakeFuture().cause());
        assertEquals(alert, e.alert(), e::getMessage);
        assertEquals(fromPeer, e.fromPeer(), e::getMessage);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gmgw.sslvpn.tlcp.TlcpNegativeTest#badRecords")
    void badFirstRecordToAServerGetsItsAlertInTheClearAndTheChannelCloses(String name, byte[] bytes,
            AlertDescription alert) {
        TlcpHandler handler = TlcpHandler.server(TlcpConfig.server(module, server).build(), false);
        Collector app = new Collector();
        EmbeddedChannel ch = new EmbeddedChannel(handler, app);
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        ch.runPendingTasks();
        assertArrayEquals(fatalAlert(alert), readAll(ch));
        assertFalse(ch.isOpen());
        assertFailedWith(handler, alert, false);
        assertInstanceOf(TlcpHandshakeCompletionEvent.class, app.events.getFirst());
        assertEquals(0, app.data.size());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void writesWaitingForAFailedHandshakeAreFailedAndReleased() {
        TlcpHandler handler = TlcpHandler.client(TlcpConfig.client(module, pki.verifier()).build(), null, false);
        EmbeddedChannel ch = new EmbeddedChannel(handler, new Collector());
        readAll(ch); // the ClientHello
        ByteBuf early = Unpooled.directBuffer().writeBytes("early data".getBytes());
        ChannelFuture write = ch.writeAndFlush(early);
        assertFalse(write.isDone());
        ch.writeInbound(Unpooled.wrappedBuffer("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes()));
        ch.runPendingTasks();
        assertArrayEquals(fatalAlert(AlertDescription.UNEXPECTED_MESSAGE), readAll(ch));
        assertTrue(write.isDone());
        assertInstanceOf(TlcpAlertException.class, write.cause());
        assertEquals(0, early.refCnt());
        assertFalse(ch.isOpen());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void clientHandshakeTimeoutSendsAnAlertAndCloses() {
        TlcpConfig config = TlcpConfig.client(module, pki.verifier()).handshakeTimeout(Duration.ofSeconds(10)).build();
        TlcpHandler handler = TlcpHandler.client(config, null, false);
        Collector app = new Collector();
        EmbeddedChannel ch = new EmbeddedChannel(handler, app);
        byte[] hello = readAll(ch);
        assertEquals(22, hello[0], "the ClientHello went out at once");
        ch.advanceTimeBy(9, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
        assertArrayEquals(fatalAlert(AlertDescription.HANDSHAKE_FAILURE), readAll(ch));
        assertFalse(ch.isOpen());
        assertFailedWith(handler, AlertDescription.HANDSHAKE_FAILURE, false);
        assertTrue(handler.handshakeFuture().cause().getMessage().contains("WAIT_SERVER_HELLO"));
        assertFalse(ch.finishAndReleaseAll());
    }

    @ParameterizedTest(name = "half-close {0}")
    @ValueSource(booleans = {false, true})
    void closeNotifyDuringTheHandshakeFailsItAndCloses(boolean halfClose) {
        TlcpHandler handler = TlcpHandler.client(TlcpConfig.client(module, pki.verifier()).build(), null, halfClose);
        EmbeddedChannel ch = new EmbeddedChannel(handler, new Collector());
        readAll(ch);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {21, 1, 1, 0, 2, 1, 0}));
        ch.runPendingTasks();
        assertFailedWith(handler, AlertDescription.CLOSE_NOTIFY, true);
        assertEquals(0, readAll(ch).length, "nothing is sent back to a peer that closed");
        assertFalse(ch.isOpen());
        assertFalse(ch.finishAndReleaseAll());
    }

    /** Keeps what the handler reports through exceptionCaught (failures after the handshake). */
    static final class Failures extends ChannelInboundHandlerAdapter {
        final List<Throwable> caught = new ArrayList<>();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            caught.add(cause);
        }

        AlertDescription only() {
            assertEquals(1, caught.size(), caught::toString);
            return assertInstanceOf(TlcpAlertException.class, caught.getFirst()).alert();
        }
    }

    /** A client and a server channel, with hooks on what each sends. */
    static final class Link {
        final TlcpHandler serverHandler;
        final TlcpHandler clientHandler;
        final Collector serverApp = new Collector();
        final Collector clientApp = new Collector();
        final Failures serverFailures = new Failures();
        final Failures clientFailures = new Failures();
        final EmbeddedChannel s;
        final EmbeddedChannel c;
        UnaryOperator<byte[]> clientToServer = UnaryOperator.identity();
        UnaryOperator<byte[]> serverToClient = UnaryOperator.identity();

        Link(TlcpConfig clientConfig, TlcpConfig serverConfig) {
            serverHandler = TlcpHandler.server(serverConfig, false);
            clientHandler = TlcpHandler.client(clientConfig, null, false);
            s = new EmbeddedChannel(serverHandler, serverApp, serverFailures);
            c = new EmbeddedChannel(clientHandler, clientApp, clientFailures);
        }

        void shuttle() {
            boolean moved = true;
            while (moved) {
                moved = false;
                c.runPendingTasks();
                s.runPendingTasks();
                byte[] out = readAll(c);
                if (out.length > 0) {
                    moved = true;
                    byte[] tampered = clientToServer.apply(out);
                    if (s.isOpen()) {
                        s.writeInbound(Unpooled.wrappedBuffer(tampered));
                    }
                }
                out = readAll(s);
                if (out.length > 0) {
                    moved = true;
                    byte[] tampered = serverToClient.apply(out);
                    if (c.isOpen()) {
                        c.writeInbound(Unpooled.wrappedBuffer(tampered));
                    }
                }
            }
        }

        void assertNothingLeft() {
            assertFalse(c.finishAndReleaseAll());
            assertFalse(s.finishAndReleaseAll());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ECC_SM4_CBC_SM3", "ECC_SM4_GCM_SM3"})
    void tamperedApplicationRecordClosesBothChannels(String suite) {
        Link link = new Link(TlcpConfig.client(module, pki.verifier()).suites(List.of(CipherSuite.valueOf(
                suite))).build(), TlcpConfig.server(module, server).build());
        link.shuttle();
        assertTrue(link.clientHandler.handshakeFuture().isSuccess());
        assertTrue(link.serverHandler.handshakeFuture().isSuccess());
        link.clientToServer = b -> {
            byte[] t = b.clone();
            t[t.length - 3] ^= 1;
            return t;
        };
        link.c.writeAndFlush(Unpooled.copiedBuffer("tampered in transit".getBytes()));
        link.shuttle();
        assertEquals(0, link.serverApp.data.size(), "nothing of the tampered record reached the application");
        assertFalse(link.s.isOpen());
        assertFalse(link.c.isOpen(), "the client closed on the server's bad_record_mac");
        assertEquals(AlertDescription.BAD_RECORD_MAC, link.serverFailures.only());
        assertEquals(AlertDescription.BAD_RECORD_MAC, link.clientFailures.only());
        link.assertNothingLeft();
    }

    @Test
    void rejectedClientCertificateFailsBothHandshakeFutures() {
        TestPki other = new TestPki(module, "Other");
        Link link = new Link(TlcpConfig.client(module, pki.verifier()).credentials(other.client("eve")).build(),
                TlcpConfig.server(module, server).clientVerifier(pki.verifier()).clientAuth(ClientAuth.NEED).build());
        link.shuttle();
        assertFailedWith(link.serverHandler, AlertDescription.UNKNOWN_CA, false);
        assertFailedWith(link.clientHandler, AlertDescription.UNKNOWN_CA, true);
        assertFalse(link.s.isOpen());
        assertFalse(link.c.isOpen());
        link.assertNothingLeft();
    }

    @Test
    void renegotiationAttemptEndsTheConnection() {
        Link link = new Link(TlcpConfig.client(module, pki.verifier()).suites(List.of(CipherSuite.ECC_SM4_CBC_SM3))
                .build(), TlcpConfig.server(module, server).build());
        TlcpMitm mitm = new TlcpMitm(module, server.encryptionKey());
        link.clientToServer = mitm.clientToServer;
        link.serverToClient = mitm.serverToClient;
        link.shuttle();
        assertTrue(link.clientHandler.handshakeFuture().isSuccess());
        byte[] hello = new ClientHello(ProtocolVersion.TLCP_1_1, new byte[32], new byte[0], new int[] {0xE013},
                new byte[] {0}, List.of()).encode().encoded();
        mitm.clientToServer.rewrite(r -> List.of(TlcpMitm.Record.of(ContentType.HANDSHAKE, hello)));
        List<byte[]> alerts = TlcpNegativeTest.recordAlerts(mitm.serverToClient);
        link.c.writeAndFlush(Unpooled.copiedBuffer(new byte[] {1}));
        link.shuttle();
        assertEquals(1, alerts.size());
        assertArrayEquals(new byte[] {1, 100}, alerts.getFirst(), "a no_renegotiation warning");
        assertFalse(link.s.isOpen());
        assertFalse(link.c.isOpen());
        assertEquals(AlertDescription.NO_RENEGOTIATION, link.serverFailures.only());
        assertEquals(AlertDescription.NO_RENEGOTIATION, link.clientFailures.only());
        link.assertNothingLeft();
    }
}
