package io.gmgw.sslvpn.client;

import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.Objects;

/**
 * The secure channel over TLCP: gmgw's TLCP client handler. Sessions are resumed through {@code config}'s session
 * cache, keyed by {@code host:port} ({@link VpnUrl#peerKey()}), so a reconnect resumes the TLCP session where the
 * gateway still has it. The TLCP handler itself announces the channel with a {@code SecureChannelEvent}.
 */
public final class TlcpChannelFactory implements SecureChannelFactory {
    private final EventLoopGroup group;
    private final TlcpConfig config;
    private final Duration connectTimeout;

    public TlcpChannelFactory(EventLoopGroup group, TlcpConfig config, Duration connectTimeout) {
        if (config.isServer()) {
            throw new IllegalArgumentException("a client configuration is needed");
        }
        this.group = Objects.requireNonNull(group, "group");
        this.config = config;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public ChannelFuture open(VpnUrl url, ChannelHandler application) {
        return GatewayConnector.connect(group, connectTimeout, url, ch -> ch.pipeline()
                .addLast("tlcp", TlcpHandler.client(config, url.peerKey(), false))
                .addLast("application", application));
    }

    @Override
    public String protocolName() {
        return "TLCP";
    }
}
