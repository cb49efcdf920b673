package io.gmgw.sslvpn.tlcp.netty;

import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
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
 * A TLCP server that echoes each connection's application data back ({@code gmgw tlcp serve}, and the peer the
 * interop tests and benchmarks connect to). The peer's close_notify is answered after the echo has been written.
 */
public final class TlcpEchoServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong bytesEchoed = new AtomicLong();
    private final Observer observer;

    /** Told about every connection's handshake and end (called on event-loop threads). */
    public interface Observer {
        void handshake(java.net.SocketAddress peer, TlcpHandshakeCompletionEvent outcome);

        void closed(java.net.SocketAddress peer);
    }

    private static final Observer NONE = new Observer() {
        @Override
        public void handshake(java.net.SocketAddress peer, TlcpHandshakeCompletionEvent outcome) {
        }

        @Override
        public void closed(java.net.SocketAddress peer) {
        }
    };

    private TlcpEchoServer(TlcpConfig config, InetSocketAddress bind, int threads, Observer observer)
            throws InterruptedException {
        this.observer = observer;
        this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(TlcpHandler.server(config, true), new Echo());
                    }
                });
        try {
            this.channel = b.bind(bind).sync().channel();
        } catch (Exception e) {
            // sync() rethrows the bind failure as it is: a java.net.BindException (checked, undeclared) for a port
            // in use or not permitted; the event loops must not outlive it.
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            throw e;
        }
    }

    /**
     * Binds and starts; {@code port} 0 picks a free port (see {@link #port()}). A bind that fails throws the
     * {@link java.net.BindException} it failed with, although the signature cannot declare it.
     */
    public static TlcpEchoServer start(TlcpConfig config, InetSocketAddress bind, int threads)
            throws InterruptedException {
        return new TlcpEchoServer(config, bind, threads, NONE);
    }

    /** As {@link #start(TlcpConfig, InetSocketAddress, int)}, reporting each connection to {@code observer}. */
    public static TlcpEchoServer start(TlcpConfig config, InetSocketAddress bind, int threads, Observer observer)
            throws InterruptedException {
        return new TlcpEchoServer(config, bind, threads, observer);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    public long handshakes() {
        return handshakes.get();
    }

    public long failures() {
        return failures.get();
    }

    public long bytesEchoed() {
        return bytesEchoed.get();
    }

    /** Completes when the listening socket closes. */
    public io.netty.channel.ChannelFuture closeFuture() {
        return channel.closeFuture();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                bytesEchoed.addAndGet(b.readableBytes());
            }
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof TlcpHandshakeCompletionEvent e) {
                (e.isSuccess() ? handshakes : failures).incrementAndGet();
                observer.handshake(ctx.channel().remoteAddress(), e);
            } else if (evt instanceof TlcpCloseNotifyEvent) {
                // everything received has been echoed (reads are handled in order); now close, sending close_notify
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            observer.closed(ctx.channel().remoteAddress());
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof TlcpAlertException)) { // those are logged by TlcpHandler
                org.slf4j.LoggerFactory.getLogger("tlcp").warn("connection {} failed: {}",
                        ctx.channel().remoteAddress(), cause.toString());
            }
            ctx.close();
        }
    }
}
