package io.gmgw.sslvpn.gateway;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First in every connection's pipeline: a source address that is banned (ocserv's ban points, {@link BanList}) is
 * closed before the secure channel spends a handshake on it; every other connection scores ocserv's
 * ban-points-connection and goes on, and this handler leaves the pipeline.
 */
@ChannelHandler.Sharable
final class GatewayAdmissionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger("cstp");
    private final Gateway gateway;

    GatewayAdmissionHandler(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress source = sourceOf(ctx);
        if (source != null && gateway.bans.isBanned(source, gateway.now())) {
            // Debug only: a banned source retrying in a loop must not flood the log (the ban itself was audited).
            LOG.debug("cstp: connection from banned {} refused", source.getHostAddress());
            ctx.close();
            return;
        }
        if (source != null) {
            gateway.penalize(source, gateway.settings.banPointsConnection());
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    static InetAddress sourceOf(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }
}
