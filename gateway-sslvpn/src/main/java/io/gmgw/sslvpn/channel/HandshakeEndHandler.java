package io.gmgw.sslvpn.channel;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits right after the secure-channel handler: when the {@link SecureChannelEvent} passes (the handshake succeeded
 * or failed), gives back the unauthenticated slot that {@link HandshakeRateLimitHandler} took for the connection, so
 * an established session no longer counts against {@code rate-limit.max-unauthenticated}. The event goes on
 * unchanged and this handler leaves the pipeline. A connection that closes first gives its slot back on close.
 */
@ChannelHandler.Sharable
public final class HandshakeEndHandler extends ChannelInboundHandlerAdapter {
    public static final HandshakeEndHandler INSTANCE = new HandshakeEndHandler();

    private HandshakeEndHandler() {
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SecureChannelEvent) {
            Runnable slot = ctx.channel().attr(HandshakeRateLimitHandler.SLOT).getAndSet(null);
            if (slot != null) {
                slot.run();
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(evt);
    }
}
