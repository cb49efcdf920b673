package io.gmgw.sslvpn.tlcp.netty;

import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Opens TLCP client connections over TCP ({@code gmgw tlcp connect}, tests, benchmarks). */
public final class TlcpClient implements AutoCloseable {
    private final EventLoopGroup group;

    public TlcpClient(int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /** One connection: its channel and TLCP handler. */
    public record Connection(Channel channel, TlcpHandler tlcp) {
        public Future<TlcpSession> handshake() {
            return tlcp.handshakeFuture();
        }

        /** Sends close_notify and keeps reading until the server's (half-close). */
        public void closeOutbound() {
            channel.eventLoop().execute(tlcp::closeOutbound);
        }
    }

    /**
     * Connects to {@code host:port} and starts the handshake; {@code application} gets the plaintext. Throws if the
     * TCP connection cannot be made within {@code connectTimeout}.
     */
    public Connection connect(TlcpConfig config, String host, int port, Duration connectTimeout,
            ChannelHandler application) throws InterruptedException {
        TlcpHandler[] handler = new TlcpHandler[1];
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        handler[0] = TlcpHandler.client(config, host + ":" + port, true);
                        ch.pipeline().addLast(handler[0], application);
                    }
                });
        Channel ch = b.connect(host, port).sync().channel();
        return new Connection(ch, handler[0]);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
