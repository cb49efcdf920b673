package io.gmgw.sslvpn.gateway;

import io.gmgw.sslvpn.cstp.CstpFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In front of the HTTP codec during the HTTP phase: a read that starts with a CSTP frame header ({@code STF 0x01},
 * cstp.md §5) is a client sending tunnel frames before CONNECT succeeded. No HTTP request starts with those bytes
 * (0x01 is not allowed in a request line, nor in an XML body), and clients write one frame per record, so such a
 * frame arrives at the start of a read. The connection closes with a log line that says what happened; anything the
 * guard does not recognise still meets the HTTP decoder's own checks (400).
 */
final class FrameBeforeConnectGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger("cstp");

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b && b.readableBytes() >= 4 && CstpFrameDecoder.startsFrame(b, b.readerIndex())) {
            ReferenceCountUtil.release(msg);
            LOG.warn("cstp: {} closed: CSTP frame before CONNECT succeeded (the tunnel is not open)",
                    ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
