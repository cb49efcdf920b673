package io.gmgw.sslvpn.channel;

import io.gmgw.gateway.ratelimit.HandshakeRateLimiter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * First in a listener's pipeline: asks the {@link HandshakeRateLimiter} whether the connection's source may start a
 * handshake, before any byte is read or any key is used (the server makes an SM2 signature or decryption per
 * ClientHello). A refused connection is closed at once, with a log line at most every ten seconds; an admitted one
 * goes on without this handler. One instance serves every connection of a listener.
 */
@ChannelHandler.Sharable
public final class HandshakeRateLimitHandler extends ChannelInboundHandlerAdapter {
    private final HandshakeRateLimiter limiter;
    private final RateLimitedLog refusals;

    public HandshakeRateLimitHandler(HandshakeRateLimiter limiter) {
        this.limiter = limiter;
        this.refusals = new RateLimitedLog(LoggerFactory.getLogger("sslvpn"), limiter.ticker(),
                TimeUnit.SECONDS.toNanos(10));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null
                && !limiter.tryAcquire(inet.getAddress())) {
            refusals.warn("handshake rate limit: refused a connection from " + inet.getAddress().getHostAddress()
                    + " (over " + limiter.interval().toMillis() + " ms per handshake after its burst; "
                    + limiter.refused() + " refused since start)");
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }
}
