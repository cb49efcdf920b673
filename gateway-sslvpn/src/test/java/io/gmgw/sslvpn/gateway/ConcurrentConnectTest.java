package io.gmgw.sslvpn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gmgw.sslvpn.channel.SecureSession;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CONNECTs racing on two real event loops (security review #5): one cookie never carries two live tunnels nor leaks a
 * lease, and max-sessions-per-user holds against CONNECTs that arrive together.
 */
class ConcurrentConnectTest {
    private static final int ROUNDS = 25;
    private final AtomicReference<GatewayHarness> current = new AtomicReference<>();
    private EventLoopGroup loops;
    private Channel listener;
    private ExecutorService clients;

    @BeforeEach
    void start() throws InterruptedException {
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        clients = Executors.newFixedThreadPool(2);
        // No TLS: the secure channel's outcome is set directly, as the TLCP/TLS handler would announce it.
        listener = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Gateway g = current.get().gateway;
                        ch.attr(SecureSession.ATTRIBUTE).set(TestSecureSession.of(GatewayExchangeTest.ALICE));
                        ch.pipeline().addLast(g.newAdmissionHandler(), g.newConnectionHandler());
                    }
                }).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    @AfterEach
    void stop() throws InterruptedException {
        clients.shutdownNow();
        listener.close().sync();
        loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }

    private static GatewayHarness harness() {
        return new GatewayHarness(GatewaySettings.builder().maxSessionsPerUser(1).banPointsConnection(0).build(),
                new TestPool(8, true));
    }

    /** Sends both CONNECTs at the same moment from two threads; returns each reply's status. */
    private List<Integer> race(Socket a, String requestA, Socket b, String requestB) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        Future<Integer> ra = clients.submit(() -> send(a, requestA, together));
        Future<Integer> rb = clients.submit(() -> send(b, requestB, together));
        return List.of(ra.get(20, TimeUnit.SECONDS), rb.get(20, TimeUnit.SECONDS));
    }

    private static int send(Socket s, String request, CyclicBarrier together) throws Exception {
        together.await(10, TimeUnit.SECONDS);
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return status(s.getInputStream());
    }

    /** Reads an HTTP reply's head; the status code. */
    private static int status(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before a reply: " + head);
            }
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return Integer.parseInt(text.split(" ")[1]);
            }
        }
    }

    private Socket open() throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(20_000); // a safety net for a broken gateway, not a synchronisation
        s.connect(listener.localAddress());
        return s;
    }

    /** Runs an empty task on every loop, twice: whatever one loop handed to another (a close) has run. */
    private void settle() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            for (EventExecutor e : loops) {
                e.submit(() -> { }).sync();
            }
        }
    }

    private void finish(GatewayHarness h, Socket... sockets) throws Exception {
        h.gateway.stop().get(20, TimeUnit.SECONDS);
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Test
    void twoConnectsWithOneCookieLeaveOneTunnelAndOneLease() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            GatewayHarness h = harness();
            current.set(h);
            String cookie = GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE);
            Socket a = open();
            Socket b = open();
            List<Integer> statuses = race(a, GatewayHarness.connectRequest(cookie), b,
                    GatewayHarness.connectRequest(cookie));
            assertTrue(statuses.contains(200), statuses::toString);
            settle();
            int r = round;
            assertEquals(1, h.gateway.sessions().list().size(), () -> "round " + r + ": " + statuses + " "
                    + h.gateway.sessions().list());
            assertEquals(1, h.pool.inUse(), () -> "round " + r + ": one lease per cookie");
            assertEquals(1, h.packets.receivers.size(), () -> "round " + r + ": one registration");
            finish(h, a, b);
        }
    }

    @Test
    void racingConnectsOfOneUserCannotPassMaxSessionsPerUser() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            GatewayHarness h = harness();
            current.set(h);
            String first = GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE);
            String second = GatewayExchangeTest.login(h, GatewayExchangeTest.ALICE);
            Socket a = open();
            Socket b = open();
            List<Integer> statuses = race(a, GatewayHarness.connectRequest(first), b,
                    GatewayHarness.connectRequest(second));
            settle();
            List<Integer> sorted = new ArrayList<>(statuses);
            sorted.sort(null);
            assertEquals(List.of(200, 503), sorted, "max-sessions-per-user 1: exactly one tunnel");
            assertEquals(1, h.gateway.sessions().list().size());
            assertEquals(1, h.pool.inUse(), "the refused CONNECT took no address");
            finish(h, a, b);
        }
    }
}
