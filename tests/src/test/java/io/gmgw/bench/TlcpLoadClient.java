package io.gmgw.bench;

import io.gmgw.crypto.CryptoModule;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.gmgw.sslvpn.tlcp.TlcpSessionCache;
import io.gmgw.sslvpn.tlcp.netty.TlcpClient;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The load side of {@link TlcpServerBench}, run as its own JVM so that none of its CPU is counted as the server's.
 * Reads one command per line on stdin and answers each with one line on stdout, {@code ok ...} or {@code error ...}:
 *
 * <pre>
 * init DIR                                         the PKI files the server wrote
 * handshakes PORT SUITE oneway|mutual full|resume COUNT CONCURRENCY   -> ok WALL_NANOS RESUMED
 * bulk-open PORT SUITE / bulk-run BYTES CHUNK WINDOW -> ok WALL_NANOS / bulk-close
 * idle-open PORT SUITE COUNT CONCURRENCY / idle-close
 * plain PORT COUNT CONCURRENCY REQUESTS RESPONSES  TCP only ({@link PlainExchange}), sizes as 1,2,3 -> ok WALL_NANOS
 * quit
 * </pre>
 */
public final class TlcpLoadClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final CryptoModule module = CryptoModule.start();
    private final TlcpClient client = new TlcpClient(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private final EventLoopGroup plainGroup = new MultiThreadIoEventLoopGroup(
            Math.max(1, Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());
    private BenchPki.ClientSide pki;
    private TlcpClient.Connection bulk;
    private BulkHandler bulkHandler;
    private final List<TlcpClient.Connection> idle = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        TlcpLoadClient c = new TlcpLoadClient();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String[] w = line.strip().split("\\s+");
                if (w[0].equals("quit")) {
                    out.println("ok");
                    break;
                }
                try {
                    out.println("ok " + c.command(w));
                } catch (Exception e) {
                    out.println("error " + String.valueOf(e).replace('\n', ' '));
                }
            }
        } finally {
            c.client.close();
            c.plainGroup.shutdownGracefully();
        }
    }

    private String command(String[] w) throws Exception {
        return switch (w[0]) {
            case "init" -> {
                pki = BenchPki.ClientSide.read(module, Path.of(w[1]));
                yield "";
            }
            case "handshakes" -> handshakes(Integer.parseInt(w[1]), CipherSuite.parse(w[2]), w[3].equals("mutual"),
                    w[4].equals("resume"), Integer.parseInt(w[5]), Integer.parseInt(w[6]));
            case "bulk-open" -> {
                bulkHandler = new BulkHandler();
                bulk = open(config(CipherSuite.parse(w[2]), false, null), Integer.parseInt(w[1]), bulkHandler);
                bulk.handshake().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                yield "";
            }
            case "bulk-run" -> Long.toString(bulkHandler.run(bulk, Long.parseLong(w[1]), Integer.parseInt(w[2]),
                    Integer.parseInt(w[3])));
            case "bulk-close" -> {
                closeAll(List.of(bulk));
                bulk = null;
                yield "";
            }
            case "idle-open" -> idleOpen(Integer.parseInt(w[1]), CipherSuite.parse(w[2]), Integer.parseInt(w[3]),
                    Integer.parseInt(w[4]));
            case "plain" -> plain(Integer.parseInt(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]),
                    PlainExchange.parseSizes(w[4]), PlainExchange.parseSizes(w[5]));
            case "idle-close" -> {
                closeAll(idle);
                idle.clear();
                yield "";
            }
            default -> throw new IllegalArgumentException("unknown command " + w[0]);
        };
    }

    private TlcpConfig config(CipherSuite suite, boolean mutual, TlcpSessionCache cache) {
        TlcpConfig.Builder b = TlcpConfig.client(module, pki.verifier()).suites(List.of(suite))
                .serverName("localhost", true);
        if (mutual) {
            b.credentials(pki.credentials());
        }
        if (cache != null) {
            b.sessionCache(cache);
        }
        return b.build();
    }

    private TlcpClient.Connection open(TlcpConfig config, int port, ChannelInboundHandlerAdapter app)
            throws InterruptedException {
        return client.connect(config, "127.0.0.1", port, Duration.ofSeconds(10), app);
    }

    /** COUNT connections, at most CONCURRENCY at a time: handshake, close_notify both ways, TCP close. */
    private String handshakes(int port, CipherSuite suite, boolean mutual, boolean resume, int count, int concurrency)
            throws Exception {
        TlcpSessionCache cache = resume ? TlcpSessionCache.defaults(module.clock()) : null;
        TlcpConfig config = config(suite, mutual, cache);
        if (resume) { // the full handshake whose session the others resume
            TlcpClient.Connection first = open(config, port, new ChannelInboundHandlerAdapter());
            first.handshake().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            closeAll(List.of(first));
        }
        AtomicInteger resumed = new AtomicInteger();
        long wall = drive(count, concurrency, "connection", (finished, fail) -> {
            TlcpClient.Connection c = open(config, port, new ChannelInboundHandlerAdapter());
            c.handshake().addListener(f -> {
                if (f.isSuccess()) {
                    if (((TlcpSession) f.getNow()).resumed()) {
                        resumed.incrementAndGet();
                    }
                    c.closeOutbound();
                } else {
                    fail.accept(f.cause());
                    c.channel().close();
                }
            });
            c.channel().closeFuture().addListener(f -> finished.run());
        });
        return wall + " " + resumed.get();
    }

    /** COUNT plain TCP connections with the TLCP connection's exchanges, at most CONCURRENCY at a time. */
    private String plain(int port, int count, int concurrency, int[] requests, int[] responses) throws Exception {
        Bootstrap b = new Bootstrap().group(plainGroup).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true);
        long wall = drive(count, concurrency, "connection", (finished, fail) -> {
            PlainExchange.Client exchange = new PlainExchange.Client(requests, responses);
            Channel ch = b.handler(exchange).connect("127.0.0.1", port).sync().channel();
            ch.closeFuture().addListener(f -> {
                if (!exchange.completed()) {
                    fail.accept(new IllegalStateException("the server closed before answering every request"));
                }
                finished.run();
            });
        });
        return Long.toString(wall);
    }

    private String idleOpen(int port, CipherSuite suite, int count, int concurrency) throws Exception {
        TlcpConfig config = config(suite, false, null);
        drive(count, concurrency, "handshake", (finished, fail) -> {
            TlcpClient.Connection c = open(config, port, new ChannelInboundHandlerAdapter());
            idle.add(c);
            c.handshake().addListener(f -> {
                if (!f.isSuccess()) {
                    fail.accept(f.cause());
                }
                finished.run();
            });
        });
        return Integer.toString(idle.size());
    }

    /** Opens one connection of a batch; calls {@code finished} when it is done, after {@code fail} if it failed. */
    @FunctionalInterface
    private interface Starter {
        void start(Runnable finished, Consumer<Throwable> fail) throws Exception;
    }

    /** COUNT connections, at most CONCURRENCY unfinished at a time; the wall time, or the first failure thrown. */
    private static long drive(int count, int concurrency, String what, Starter starter) throws Exception {
        Semaphore permits = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < count && failure.get() == null; i++) {
            if (!permits.tryAcquire(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("no " + what + " finished within " + TIMEOUT);
            }
            starter.start(() -> {
                permits.release();
                done.countDown();
            }, t -> failure.compareAndSet(null, t));
        }
        if (failure.get() == null && !done.await(TIMEOUT.toSeconds() + count, TimeUnit.SECONDS)) {
            throw new IllegalStateException(done.getCount() + " of " + count + " " + what + "s did not finish");
        }
        if (failure.get() != null) {
            throw new IllegalStateException(what + " failed: " + failure.get(), failure.get());
        }
        return System.nanoTime() - start;
    }

    private static void closeAll(List<TlcpClient.Connection> connections) throws Exception {
        for (TlcpClient.Connection c : connections) {
            c.closeOutbound();
        }
        for (TlcpClient.Connection c : connections) {
            if (!c.channel().closeFuture().await(TIMEOUT.toMillis())) {
                c.channel().close();
                throw new IllegalStateException("the server did not close " + c.channel() + " after close_notify");
            }
        }
    }

    /**
     * Sends BYTES in CHUNK-sized writes with at most WINDOW bytes unechoed, and counts the echo; all on the
     * connection's event loop.
     */
    private static final class BulkHandler extends ChannelInboundHandlerAdapter {
        private ChannelHandlerContext ctx;
        private byte[] chunk;
        private long total;
        private long sent;
        private long received;
        private int window;
        private CompletableFuture<Long> finished;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        long run(TlcpClient.Connection c, long bytes, int chunkSize, int windowBytes) throws Exception {
            CompletableFuture<Long> f = new CompletableFuture<>();
            long start = System.nanoTime();
            c.channel().eventLoop().execute(() -> {
                chunk = new byte[chunkSize];
                new Random(1).nextBytes(chunk);
                total = bytes;
                sent = 0;
                received = 0;
                window = windowBytes;
                finished = f;
                pump();
            });
            return f.get(TIMEOUT.toSeconds() + bytes / 1_000_000, TimeUnit.SECONDS) - start;
        }

        private void pump() {
            boolean wrote = false;
            while (sent < total && sent - received < window) {
                int n = (int) Math.min(chunk.length, total - sent);
                ctx.write(Unpooled.wrappedBuffer(chunk, 0, n)).addListener(f -> {
                    if (!f.isSuccess()) {
                        finished.completeExceptionally(f.cause());
                    }
                });
                sent += n;
                wrote = true;
            }
            if (wrote) {
                ctx.flush();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            received += b.readableBytes();
            b.release();
            if (finished == null) {
                return;
            }
            if (received >= total) {
                finished.complete(System.nanoTime());
            } else {
                pump();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (finished != null && !finished.isDone()) {
                finished.completeExceptionally(new IllegalStateException("the connection closed during the transfer"));
            }
            ctx.fireChannelInactive();
        }
    }
}
