package io.gmgw.sslvpn.tlcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.crypto.TestModules;
import io.gmgw.sslvpn.tlcp.engine.TlcpEngine;
import io.gmgw.sslvpn.tlcp.netty.TlcpClient;
import io.gmgw.sslvpn.tlcp.netty.TlcpEchoServer;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandler;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The handler runs key operations of slow keys on the configuration's bounded executor and resumes the handshake on
 * the event loop: the loop serves other connections while a token works, a failing key or a full executor ends that
 * one handshake with internal_error, the handshake timeout still applies, and a connection that closes first has the
 * result wiped. The slow key is a real key behind a gate the test opens ({@link SlowKeyHandle}); nothing sleeps.
 */
class TlcpKeyOperationNettyTest {
    static CryptoModule module;
    static TestPki pki;
    static TlcpCredentials server;

    @BeforeAll
    static void pki() {
        module = TestModules.deterministic("tlcp-key-operations-netty");
        pki = new TestPki(module);
        server = pki.server("localhost");
    }

    /** What a connection received; {@link #await} waits (without sleeping) until enough arrived. */
    static final class Received extends ChannelInboundHandlerAdapter {
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                synchronized (this) {
                    data.writeBytes(ByteBufUtil.getBytes(b));
                    notifyAll();
                }
            } finally {
                b.release();
            }
        }

        synchronized byte[] await(int n) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (data.size() < n) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("only " + data.size() + " of " + n + " bytes arrived");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return data.toByteArray();
        }
    }

    static byte[] echo(TlcpClient.Connection c, Received r, String text) throws InterruptedException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        c.channel().writeAndFlush(Unpooled.wrappedBuffer(bytes)).sync();
        return r.await(bytes.length);
    }

    @Test
    void otherConnectionsOnTheSameEventLoopGoOnWhileAHandshakeWaitsForTheKey() throws Exception {
        SlowKeyHandle signing = new SlowKeyHandle(server.signingKey());
        SlowKeyHandle encryption = new SlowKeyHandle(server.encryptionKey());
        TlcpConfig clientConfig = TlcpConfig.client(module, pki.verifier()).build();
        try (KeyOperationExecutor keys = KeyOperationExecutor.threads(2, 4)) {
            TlcpConfig serverConfig = TlcpConfig.server(module, SlowKeyHandle.wrap(server, signing, encryption))
                    .keyOperationExecutor(keys).build();
            // One event-loop thread serves every server connection.
            try (TlcpEchoServer echo = TlcpEchoServer.start(serverConfig,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
                    TlcpClient tlcp = new TlcpClient(2)) {
                Received ra = new Received();
                TlcpClient.Connection a = tlcp.connect(clientConfig, "127.0.0.1", echo.port(), Duration.ofSeconds(5), ra);
                a.handshake().get(20, TimeUnit.SECONDS);

                signing.hold(1); // the next signature waits at the gate, as a busy token would
                Received rb = new Received();
                TlcpClient.Connection b = tlcp.connect(clientConfig, "127.0.0.1", echo.port(), Duration.ofSeconds(5), rb);
                assertTrue(signing.held.await(20, TimeUnit.SECONDS), "b's ServerKeyExchange signature is under way");

                assertArrayEquals("while b waits".getBytes(StandardCharsets.US_ASCII), echo(a, ra, "while b waits"));
                Received rc = new Received();
                TlcpClient.Connection c = tlcp.connect(clientConfig, "127.0.0.1", echo.port(), Duration.ofSeconds(5), rc);
                c.handshake().get(20, TimeUnit.SECONDS);
                assertArrayEquals("c too".getBytes(StandardCharsets.US_ASCII), echo(c, rc, "c too"));
                assertFalse(b.handshake().isDone(), "b still waits for its key");
                // c's last key operation hands its result to the loop before its worker counts it done, so c's
                // handshake can finish a moment before the count drops: wait (bounded) for it, then check it.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (keys.outstanding() > 1 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertEquals(1, keys.outstanding(), "only b's signature is out");

                signing.release();
                b.handshake().get(20, TimeUnit.SECONDS);
                assertArrayEquals("b at last".getBytes(StandardCharsets.US_ASCII), echo(b, rb, "b at last"));
                assertEquals(3, echo.handshakes());
                assertEquals(3, signing.threads.size());
                assertTrue(signing.threads.stream().allMatch(t -> t.startsWith("tlcp-key-")), signing.threads::toString);
                assertEquals(4, encryption.threads.size(), "the configuration's check, then three decryptions");
                assertTrue(encryption.threads.subList(1, 4).stream().allMatch(t -> t.startsWith("tlcp-key-")),
                        encryption.threads::toString);
                for (TlcpClient.Connection x : List.of(a, b, c)) {
                    x.channel().close().sync();
                }
            }
        }
    }

    /** A server handler in an EmbeddedChannel and a client engine talking to it through the test. */
    static final class Wire {
        final TlcpHandler handler;
        final EmbeddedChannel channel;
        final EnginePair.Side clientSide = new EnginePair.Side("client");
        final TlcpEngine client;

        Wire(TlcpConfig serverConfig, CipherSuite suite) {
            handler = TlcpHandler.server(serverConfig, false);
            channel = new EmbeddedChannel(handler);
            client = TlcpEngine.client(TlcpConfig.client(module, pki.verifier()).suites(List.of(suite)).build(),
                    clientSide, null);
            client.start();
            exchange();
        }

        /** Moves bytes both ways until neither side has anything to say. */
        void exchange() {
            boolean moved = true;
            while (moved) {
                moved = false;
                while (!clientSide.outbound.isEmpty()) {
                    channel.writeInbound(Unpooled.wrappedBuffer(clientSide.outbound.poll()));
                    moved = true;
                }
                ByteBuf out;
                while ((out = channel.readOutbound()) != null) {
                    byte[] b = ByteBufUtil.getBytes(out);
                    out.release();
                    moved = true;
                    try {
                        client.receive(b, 0, b.length);
                    } catch (TlcpAlertException e) {
                        clientSide.failure = e;
                    }
                }
            }
        }

        /** Runs the queued key operations one by one, each resumed on the channel's loop, until none is left. */
        void runKeyOperations(List<Runnable> queued) {
            while (!queued.isEmpty()) {
                queued.removeFirst().run();
                channel.runPendingTasks();
                exchange();
            }
        }

        TlcpAlertException failure() {
            assertTrue(handler.handshakeFuture().isDone());
            return assertInstanceOf(TlcpAlertException.class, handler.handshakeFuture().cause());
        }
    }

    static TlcpConfig slowServer(SlowKeyHandle signing, SlowKeyHandle encryption, KeyOperationExecutor keys) {
        return TlcpConfig.server(module, SlowKeyHandle.wrap(server, signing, encryption)).keyOperationExecutor(keys)
                .build();
    }

    @Test
    void aFailingKeyEndsItsHandshakeWithInternalError() {
        List<Runnable> queued = new ArrayList<>();
        SlowKeyHandle signing = new SlowKeyHandle(server.signingKey())
                .failWith(() -> new IllegalStateException("CKR_DEVICE_REMOVED (0x32) on token 'gw'"));
        Wire w = new Wire(slowServer(signing, new SlowKeyHandle(server.encryptionKey()),
                KeyOperationExecutor.on(queued::add, 4)), CipherSuite.ECC_SM4_CBC_SM3);
        assertEquals(1, queued.size(), "the ServerKeyExchange signature went to the executor");
        assertEquals(0, signing.operations.get(), "and did not run on the event loop");
        w.runKeyOperations(queued);
        TlcpAlertException e = w.failure();
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
        assertTrue(e.getMessage().contains("SM2 signature of the ServerKeyExchange with key slow(")
                && e.getMessage().contains("CKR_DEVICE_REMOVED"), e.getMessage());
        assertNotNull(w.clientSide.failure);
        assertEquals(AlertDescription.INTERNAL_ERROR, w.clientSide.failure.alert(), "the alert reached the client");
        assertTrue(w.clientSide.failure.fromPeer());
        assertFalse(w.channel.isOpen());
        assertFalse(w.channel.finishAndReleaseAll());
    }

    @Test
    void aFullExecutorRefusesTheHandshakeAtOnceAndOthersFinish() {
        List<Runnable> queued = new ArrayList<>();
        KeyOperationExecutor keys = KeyOperationExecutor.on(queued::add, 1);
        TlcpConfig config = slowServer(new SlowKeyHandle(server.signingKey()),
                new SlowKeyHandle(server.encryptionKey()), keys);
        Wire first = new Wire(config, CipherSuite.ECC_SM4_GCM_SM3);
        assertEquals(1, keys.outstanding());
        Wire second = new Wire(config, CipherSuite.ECC_SM4_GCM_SM3);
        second.channel.runPendingTasks();
        second.exchange();
        TlcpAlertException e = second.failure();
        assertEquals(AlertDescription.INTERNAL_ERROR, e.alert());
        assertTrue(e.getMessage().contains("key-operation executor is full (1 operations running or waiting)")
                && e.getMessage().contains("SM2 signature of the ServerKeyExchange"), e.getMessage());
        assertEquals(AlertDescription.INTERNAL_ERROR, second.clientSide.failure.alert());
        assertEquals(1, keys.refused());
        assertFalse(second.channel.isOpen());
        assertFalse(second.channel.finishAndReleaseAll());

        first.runKeyOperations(queued);
        assertTrue(first.handler.handshakeFuture().isSuccess(), () -> "first: " + first.handler.handshakeFuture().cause());
        assertEquals(0, keys.outstanding());
        first.channel.close();
        first.exchange(); // close_notify
        assertFalse(first.channel.finishAndReleaseAll());
    }

    @Test
    void aConnectionThatClosesWhileTheTokenDecryptsHasTheResultWiped() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        SlowKeyHandle encryption = new SlowKeyHandle(server.encryptionKey());
        Wire w = new Wire(slowServer(new SlowKeyHandle(server.signingKey()), encryption,
                KeyOperationExecutor.on(queued::add, 4)), CipherSuite.ECC_SM4_CBC_SM3);
        queued.removeFirst().run(); // the ServerKeyExchange signature
        w.channel.runPendingTasks();
        w.exchange(); // the client's flight: the server hands out the decryption
        assertEquals(1, queued.size());
        encryption.hold(1);
        Runnable decryption = queued.removeFirst();
        Thread token = Thread.ofPlatform().start(decryption);
        assertTrue(encryption.held.await(20, TimeUnit.SECONDS));
        w.channel.close();
        encryption.release();
        token.join(20_000);
        w.channel.runPendingTasks(); // the result comes back to a closed connection
        byte[] preMaster = encryption.decrypted.getLast();
        assertEquals(48, preMaster.length);
        assertArrayEquals(new byte[48], preMaster, "the pre-master secret nobody took is wiped");
        assertTrue(w.handler.handshakeFuture().isDone() && !w.handler.handshakeFuture().isSuccess());
        assertFalse(w.channel.finishAndReleaseAll());
    }

    @Test
    void theHandshakeTimeoutRunsWhileAKeyOperationIsOut() {
        List<Runnable> queued = new ArrayList<>();
        SlowKeyHandle signing = new SlowKeyHandle(server.signingKey());
        TlcpConfig config = TlcpConfig.server(module, SlowKeyHandle.wrap(server, signing,
                new SlowKeyHandle(server.encryptionKey()))).keyOperationExecutor(KeyOperationExecutor.on(queued::add, 4))
                .handshakeTimeout(Duration.ofSeconds(30)).build();
        Wire w = new Wire(config, CipherSuite.ECC_SM4_CBC_SM3);
        assertEquals(1, queued.size());
        w.channel.advanceTimeBy(31, TimeUnit.SECONDS);
        w.channel.runScheduledPendingTasks();
        w.exchange();
        TlcpAlertException e = w.failure();
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, e.alert());
        assertTrue(e.getMessage().contains("waiting in state WAIT_KEY_OPERATION (SM2 signature of the"
                + " ServerKeyExchange with key slow("), e.getMessage());
        assertEquals(AlertDescription.HANDSHAKE_FAILURE, w.clientSide.failure.alert());
        queued.removeFirst().run(); // the executor gets to it after all
        w.channel.runPendingTasks();
        assertEquals(0, signing.operations.get(), "an operation of a connection that ended never reaches the key");
        assertFalse(w.channel.finishAndReleaseAll());
    }

    /** Software keys never wait for anything: they stay on the event loop even with an executor configured. */
    @Test
    void softwareKeysRunOnTheEventLoop() {
        List<Runnable> queued = new ArrayList<>();
        TlcpConfig config = TlcpConfig.server(module, server).keyOperationExecutor(KeyOperationExecutor.on(queued::add, 4))
                .build();
        Wire w = new Wire(config, CipherSuite.ECC_SM4_GCM_SM3);
        assertTrue(queued.isEmpty());
        assertTrue(w.handler.handshakeFuture().isSuccess(), () -> "" + w.handler.handshakeFuture().cause());
        w.channel.close();
        w.exchange();
        assertTrue(w.clientSide.closeNotify);
        assertFalse(w.channel.finishAndReleaseAll());
    }
}
