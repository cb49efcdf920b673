package io.gmgw.sslvpn.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The TCP connection to the gateway under either secure channel: no Nagle delay (each CSTP frame is one write and
 * goes out at once) and a bounded connect.
 */
final class GatewayConnector {
    private GatewayConnector() {
    }

    /** Connects to {@code url}'s host and port; {@code pipeline} fills the new channel's pipeline. */
    static ChannelFuture connect(EventLoopGroup group, Duration connectTimeout, VpnUrl url,
            Consumer<SocketChannel> pipeline) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline.accept(ch);
                    }
                }).connect(url.host(), url.port());
    }
}
