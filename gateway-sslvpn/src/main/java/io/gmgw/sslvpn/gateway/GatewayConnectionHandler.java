package io.gmgw.sslvpn.gateway;

import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.PathMtu;
import io.gmgw.sslvpn.channel.SecureSession;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's HTTP phase (cstp.md §2, §3): waits for the secure channel, then reads HTTP/1.1 requests with hard
 * limits ({@link ConnectionPipeline}) and a deadline, and routes each: POST {@code /}, {@code /auth}, {@code /VPN} or a
 * group path with {@code config-auth} is a login ({@link LoginExchange}); {@code CONNECT /CSCOSSLC/tunnel} with a live
 * cookie opens the tunnel ({@link ConnectExchange}), after which this handler and the HTTP codec leave the pipeline
 * and CSTP framing takes the channel. Anything malformed is answered 400 and the connection closes; the gateway and
 * its other connections go on.
 */
final class GatewayConnectionHandler extends ChannelInboundHandlerAdapter implements HttpConnection {
    private static final Logger LOG = LoggerFactory.getLogger("cstp");
    /** ocserv's auth URLs (worker-http.c); a group path ("/grp") is accepted when the group exists (§2.1). */
    private static final List<String> AUTH_PATHS = List.of("/", "/auth", "/VPN");
    static final String TUNNEL_PATH = "/CSCOSSLC/tunnel";

    private enum Phase { AWAITING_CHANNEL, HTTP, TUNNEL, CLOSED }

    private final Gateway gateway;
    private final LoginExchange login;
    private final ConnectExchange connect;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.AWAITING_CHANNEL;
    private SecureSession session;
    private InetAddress source;
    private int requests;
    /** A request is being decided off the event loop ({@link #resumeWhen}): the next one must wait for it. */
    private boolean waiting;
    private ScheduledFuture<?> timeout;

    GatewayConnectionHandler(Gateway gateway) {
        this.gateway = gateway;
        this.login = new LoginExchange(gateway, this);
        this.connect = new ConnectExchange(gateway, this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // Every protocol state has a timeout: the handshake and the HTTP phase together get http-timeout.
        timeout = ctx.executor().schedule(() -> {
            if (phase == Phase.AWAITING_CHANNEL || phase == Phase.HTTP) {
                LOG.info("cstp: {} closed: no tunnel opened within {} s", peer(),
                        gateway.settings.httpTimeout().toSeconds());
                phase = Phase.CLOSED;
                ctx.close();
            }
        }, gateway.settings.httpTimeout().toNanos(), TimeUnit.NANOSECONDS);
        SecureSession established = ctx.channel().attr(SecureSession.ATTRIBUTE).get();
        if (established != null) {
            start(established);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SecureChannelEvent e && e.isSuccess() && phase == Phase.AWAITING_CHANNEL) {
            start(e.session());
        }
        super.userEventTriggered(ctx, evt);
    }

    private void start(SecureSession established) {
        session = established;
        source = GatewayAdmissionHandler.sourceOf(ctx);
        if (source == null) {
            LOG.warn("cstp: {} closed: not an IP connection", ctx.channel().remoteAddress());
            fail();
            return;
        }
        if (gateway.bans.isBanned(source, gateway.now())) {
            LOG.debug("cstp: {} closed: source is banned", source.getHostAddress());
            fail();
            return;
        }
        ConnectionPipeline.startHttp(ctx, gateway.settings);
        phase = Phase.HTTP;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (phase == Phase.CLOSED) {
                return;
            }
            if (!(msg instanceof FullHttpRequest request) || phase != Phase.HTTP) {
                LOG.warn("cstp: {} closed: data before the secure channel was established", peer());
                fail();
                return;
            }
            handle(request);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** One request: the connection's limits first, then the exchange its method and path name. */
    private void handle(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            LOG.warn("cstp: {} closed: bad HTTP request ({})", peer(),
                    cause == null ? "malformed" : cause.getMessage());
            reject(HttpResponseStatus.BAD_REQUEST, "bad request");
            return;
        }
        if (waiting) {
            // openconnect never pipelines; a client that does could race its own login
            LOG.warn("cstp: {} closed: a request arrived before the previous one was answered", peer());
            reject(HttpResponseStatus.BAD_REQUEST, "one request at a time");
            return;
        }
        if (++requests > gateway.settings.maxRequestsPerConnection()) {
            LOG.warn("cstp: {} closed: more than {} requests on one connection", peer(),
                    gateway.settings.maxRequestsPerConnection());
            reject(HttpResponseStatus.BAD_REQUEST, "too many requests on this connection");
            return;
        }
        if (gateway.stopping()) {
            replyAndClose(HttpReplies.unavailable("the gateway is shutting down"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod method = request.method();
        if (HttpMethod.CONNECT.equals(method)) {
            if (!TUNNEL_PATH.equals(path)) {
                LOG.warn("cstp: {} closed: CONNECT to {} (only {} exists)", peer(), PeerText.printable(path),
                        TUNNEL_PATH);
                reject(HttpResponseStatus.NOT_FOUND, "not found");
                return;
            }
            connect.handle(request);
            return;
        }
        Optional<String> pathGroup = groupOf(path);
        boolean authPath = AUTH_PATHS.contains(path) || pathGroup.isPresent();
        if (authPath && HttpMethod.POST.equals(method)) {
            login.handle(request, path, pathGroup);
        } else if (authPath && HttpMethod.GET.equals(method)) {
            // openconnect falls back to GET and the old forms only after a failed XML POST (§2.1); certificate
            // login needs no form, so that fallback can only fail again: say so instead of serving old forms.
            LOG.info("cstp: {} GET {} refused: this gateway speaks the XML POST login only", peer(),
                    PeerText.printable(path));
            FullHttpResponse r = HttpReplies.closing(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "gmgw: log in with the XML POST (openconnect's default; do not use --no-xmlpost)");
            r.headers().set(HttpHeaderNames.ALLOW, "POST");
            replyAndClose(r);
        } else {
            LOG.info("cstp: {} closed: {} {} is not a login or tunnel URL", peer(), method, PeerText.printable(path));
            reject(HttpResponseStatus.NOT_FOUND, "not found");
        }
    }

    private Optional<String> groupOf(String path) {
        if (path.length() < 2 || path.indexOf('/', 1) >= 0 || AUTH_PATHS.contains(path)) {
            return Optional.empty();
        }
        String group = path.substring(1);
        return gateway.policies.find(group).isPresent() ? Optional.of(group) : Optional.empty();
    }

    @Override
    public InetAddress source() {
        return source;
    }

    @Override
    public OptionalInt pathMtu() {
        return PathMtu.of(ctx.channel().localAddress());
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) ctx.channel().remoteAddress();
    }

    @Override
    public SecureSession session() {
        return session;
    }

    @Override
    public String peer() {
        return source != null ? source.getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
    }

    @Override
    public void reply(FullHttpResponse response) {
        ctx.writeAndFlush(response);
    }

    @Override
    public void replyAndClose(FullHttpResponse response) {
        phase = Phase.CLOSED;
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public <T> void resumeWhen(CompletionStage<T> stage, BiConsumer<T, Throwable> then) {
        waiting = true;
        ctx.channel().config().setAutoRead(false);
        stage.whenComplete((value, failure) -> ctx.executor().execute(() -> {
            waiting = false;
            if (phase == Phase.HTTP) {
                ctx.channel().config().setAutoRead(true);
            }
            then.accept(value, failure);
        }));
    }

    @Override
    public void handOver(CstpTunnelHandler tunnel, TunnelMtu mtu) {
        phase = Phase.TUNNEL;
        ConnectionPipeline.switchToCstp(ctx, tunnel, mtu);
    }

    private void reject(HttpResponseStatus status, String text) {
        replyAndClose(HttpReplies.closing(status, text));
    }

    private void fail() {
        phase = Phase.CLOSED;
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("cstp: {} closed: {}", peer(), cause.toString());
        fail();
    }
}
