package io.gmgw.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TCP connection under a TLCP handshake, without TLCP: the same Netty server set-up as {@code TlcpEchoServer}
 * (one acceptor thread, one event loop, TCP_NODELAY), and the same exchanges as a TLCP connection, by size: the
 * client sends {@code requests[i]} bytes, the server answers {@code responses[i]} bytes once all of them are in, and
 * after the last answer the server closes (as the TLCP server does after its close_notify). The sizes are those of a
 * real handshake (the bench takes them from an in-memory one). What this costs the server is the part of a TLCP
 * connection's CPU that any protocol over TCP with the same exchanges pays.
 */
final class PlainExchange {
    private PlainExchange() {
    }

    static int[] parseSizes(String csv) {
        return java.util.Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    static String sizes(int[] s) {
        return java.util.Arrays.stream(s).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
    }

    /** The server side: answers each request once all its bytes are in; counts completed exchanges. */
    static final class Server implements AutoCloseable {
        private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final Channel channel;
        private final int[] requests;
        private final int[] responses;
        final AtomicLong completed = new AtomicLong();
        final AtomicLong loopThread = new AtomicLong(-1);

        Server(int[] requests, int[] responses) throws InterruptedException {
            this.requests = requests.clone();
            this.responses = responses.clone();
            channel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            loopThread.compareAndSet(-1, Thread.currentThread().threadId());
                            ch.pipeline().addLast(new Responder());
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        }

        int port() {
            return ((InetSocketAddress) channel.localAddress()).getPort();
        }

        private final class Responder extends ChannelInboundHandlerAdapter {
            private int step;
            private long received;
            private long due = requests[0];

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                received += b.readableBytes();
                b.release();
                while (step < requests.length && received >= due) {
                    ByteBuf answer = ctx.alloc().buffer(responses[step]).writeZero(responses[step]);
                    step++;
                    if (step == requests.length) {
                        completed.incrementAndGet();
                        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
                    } else {
                        ctx.writeAndFlush(answer);
                        due += requests[step];
                    }
                }
            }
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
            boss.shutdownGracefully().syncUninterruptibly();
            workers.shutdownGracefully().syncUninterruptibly();
        }
    }

    /** The client side of one exchange: sends each request once the previous answer is in; done when closed. */
    static final class Client extends ChannelInboundHandlerAdapter {
        private final int[] requests;
        private final int[] responses;
        private int step;
        private long received;
        private long due;
        private boolean failed;

        Client(int[] requests, int[] responses) {
            this.requests = requests;
            this.responses = responses;
            this.due = responses[0];
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
            ctx.fireChannelActive();
        }

        private void send(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[requests[step]]));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            received += b.readableBytes();
            b.release();
            while (received >= due && step < requests.length - 1) {
                step++;
                due += responses[step];
                send(ctx);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failed = received != due || step != requests.length - 1;
            ctx.fireChannelInactive();
        }

        /** After the close: true unless the server closed before answering every request in full. */
        boolean completed() {
            return !failed;
        }
    }
}
