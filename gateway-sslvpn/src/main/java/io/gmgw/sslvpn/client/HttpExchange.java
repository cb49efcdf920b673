package io.gmgw.sslvpn.client;

import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP request and its reply on a fresh secure connection, then the connection is closed: the auth exchange
 * (cstp.md §2). openconnect with a client certificate opens a new connection after the first reply (§2.5), and the
 * gateway keeps login state in cookies, never in the connection; a new connection per request does both.
 * Bounded: a reply longer than {@link #MAX_REPLY} or later than the timeout fails the exchange.
 */
final class HttpExchange extends ChannelInboundHandlerAdapter {
    /** Login replies are small XML documents; ocserv's largest (a group list) is a few KiB. */
    static final int MAX_REPLY = 64 * 1024;

    /** A reply as received: the body as text, the headers as sent. */
    record Response(HttpVersion version, int status, String reason, HttpHeaders headers, String body) {
    }

    private final FullHttpRequest request;
    private final Promise<Response> result;
    private final Duration timeout;
    private ScheduledFuture<?> timer;

    private HttpExchange(FullHttpRequest request, Promise<Response> result, Duration timeout) {
        this.request = request;
        this.result = result;
        this.timeout = timeout;
    }

    /** The handlers to put after the secure channel: the HTTP codec, the bounded aggregator, this exchange. */
    static ChannelHandler pipeline(FullHttpRequest request, Promise<Response> result, Duration timeout) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("http", new HttpClientCodec())
                        .addLast("http-aggregator", new HttpObjectAggregator(MAX_REPLY))
                        .addLast("exchange", new HttpExchange(request, result, timeout));
            }
        };
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ReferenceCountUtil.safeRelease(request, request.refCnt());
        cancelTimer();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SecureChannelEvent e) {
            if (!e.isSuccess()) {
                fail(ctx, Failures.secureChannel(e.cause()));
                return;
            }
            timer = ctx.executor().schedule(() -> fail(ctx, new VpnClientException(VpnClientException.Kind.NETWORK,
                    "the gateway sent no reply within " + timeout.toSeconds() + " s")), timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            ctx.writeAndFlush(request.retain()).addListener(f -> {
                if (!f.isSuccess()) {
                    fail(ctx, new VpnClientException(VpnClientException.Kind.NETWORK, "cannot send the request: "
                            + f.cause(), f.cause()));
                }
            });
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof FullHttpResponse r && !result.isDone()) {
                cancelTimer();
                if (r.decoderResult().isFailure()) {
                    fail(ctx, new VpnClientException(VpnClientException.Kind.PROTOCOL, "the gateway's reply is not "
                            + "HTTP/1.1 (" + r.decoderResult().cause().getMessage() + "); is it an "
                            + "OpenConnect/AnyConnect gateway?"));
                    return;
                }
                result.trySuccess(new Response(r.protocolVersion(), r.status().code(), r.status().reasonPhrase(),
                        r.headers().copy(), r.content().toString(StandardCharsets.UTF_8)));
                ctx.close();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new VpnClientException(VpnClientException.Kind.NETWORK,
                "the gateway closed the connection before it replied"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause instanceof VpnClientException v ? v : Failures.channel(cause));
    }

    private void fail(ChannelHandlerContext ctx, VpnClientException e) {
        cancelTimer();
        if (result.tryFailure(e)) {
            ctx.close();
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
