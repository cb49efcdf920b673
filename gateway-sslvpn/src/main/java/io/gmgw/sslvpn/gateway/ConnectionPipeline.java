package io.gmgw.sslvpn.gateway;

import io.gmgw.sslvpn.cstp.CstpFrameDecoder;
import io.gmgw.sslvpn.cstp.CstpFrameEncoder;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection's pipeline after the secure channel, in its two shapes (cstp.md §2, §3). In the HTTP phase the
 * connection handler has in front of it the guard against CSTP frames before CONNECT, the HTTP codec and a body
 * aggregator, all with the configured limits; once a CONNECT is accepted, CSTP framing and the tunnel take their place.
 */
final class ConnectionPipeline {
    private static final Logger LOG = LoggerFactory.getLogger("cstp");
    static final String CODEC = "cstp-http-codec";
    static final String AGGREGATOR = "cstp-http-aggregator";
    static final String GUARD = "cstp-http-guard";

    private ConnectionPipeline() {
    }

    /** Puts the HTTP phase's handlers, bounded by {@code s}, in front of the connection handler at {@code ctx}. */
    static void startHttp(ChannelHandlerContext ctx, GatewaySettings s) {
        HttpDecoderConfig config = new HttpDecoderConfig().setMaxInitialLineLength(s.maxRequestLine())
                .setMaxHeaderSize(s.maxHeaderBytes()).setMaxChunkSize(s.maxBodyBytes()).setStrictLineParsing(true);
        ctx.pipeline().addBefore(ctx.name(), GUARD, new FrameBeforeConnectGuard());
        ctx.pipeline().addBefore(ctx.name(), CODEC, new HttpServerCodec(config));
        ctx.pipeline().addBefore(ctx.name(), AGGREGATOR, new BoundedAggregator(s.maxBodyBytes()));
    }

    /**
     * The CONNECT reply is on its way: CSTP framing takes the channel from the connection handler at {@code ctx}. The
     * CSTP handlers go in first and the HTTP codec leaves last, so any bytes it already buffered flow on into the
     * frame decoder.
     */
    static void switchToCstp(ChannelHandlerContext ctx, CstpTunnelHandler tunnel, TunnelMtu mtu) {
        ChannelPipeline p = ctx.pipeline();
        p.addAfter(ctx.name(), "cstp-decoder", CstpFrameDecoder.forTunnel(mtu.tunnel()));
        p.addAfter("cstp-decoder", "cstp-encoder", CstpFrameEncoder.INSTANCE);
        p.addAfter("cstp-encoder", "cstp-tunnel", tunnel);
        p.remove(GUARD);
        p.remove(AGGREGATOR);
        p.remove(ctx.handler());
        p.remove(CODEC);
    }

    /** Bounds the login body; oversized is answered 400 and the connection closes, like every other bad request. */
    private static final class BoundedAggregator extends HttpObjectAggregator {
        BoundedAggregator(int maxBody) {
            super(maxBody);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            LOG.warn("cstp: {} closed: request body larger than {} bytes", ctx.channel().remoteAddress(),
                    maxContentLength());
            ctx.writeAndFlush(HttpReplies.closing(HttpResponseStatus.BAD_REQUEST, "request too large"))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
