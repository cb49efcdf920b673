package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.GatewayException;
import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.cstp.CstpFrameDecoder;
import io.gmgw.sslvpn.cstp.CstpFrameEncoder;
import io.gmgw.sslvpn.cstp.auth.AuthXmlException;
import io.gmgw.sslvpn.cstp.auth.ConfigAuthRequest;
import io.gmgw.sslvpn.cstp.auth.ConfigAuthWriter;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's HTTP phase (cstp.md §2, §3): waits for the secure channel, then reads HTTP/1.1 requests with hard
 * limits. POST {@code /}, {@code /auth}, {@code /VPN} or a group path with {@code config-auth} is a login; {@code
 * CONNECT /CSCOSSLC/tunnel} with a live cookie opens the tunnel, after which this handler and the HTTP codec leave the
 * pipeline and CSTP framing takes the channel. Anything malformed is answered 400 and the connection closes; the
 * gateway and its other connections go on.
 */
final class GatewayConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger("cstp");
    /** ocserv's auth URLs (worker-http.c); a group path ("/grp") is accepted when the group exists (§2.1). */
    private static final List<String> AUTH_PATHS = List.of("/", "/auth", "/VPN");
    static final String TUNNEL_PATH = "/CSCOSSLC/tunnel";
    static final String CODEC = "cstp-http-codec";
    static final String AGGREGATOR = "cstp-http-aggregator";
    static final String GUARD = "cstp-http-guard";

    private enum Phase { AWAITING_CHANNEL, HTTP, TUNNEL, CLOSED }

    private final Gateway gateway;
    private Phase phase = Phase.AWAITING_CHANNEL;
    private SecureSession session;
    private InetAddress source;
    private int requests;
    private ScheduledFuture<?> timeout;

    GatewayConnectionHandler(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Every protocol state has a timeout: the handshake and the HTTP phase together get http-timeout.
        timeout = ctx.executor().schedule(() -> {
            if (phase == Phase.AWAITING_CHANNEL || phase == Phase.HTTP) {
                LOG.info("cstp: {} closed: no tunnel opened within {} s", peer(ctx),
                        gateway.settings.httpTimeout().toSeconds());
                phase = Phase.CLOSED;
                ctx.close();
            }
        }, gateway.settings.httpTimeout().toNanos(), TimeUnit.NANOSECONDS);
        SecureSession established = ctx.channel().attr(SecureSession.ATTRIBUTE).get();
        if (established != null) {
            start(ctx, established);
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
            start(ctx, e.session());
        }
        super.userEventTriggered(ctx, evt);
    }

    private void start(ChannelHandlerContext ctx, SecureSession established) {
        session = established;
        source = GatewayAdmissionHandler.sourceOf(ctx);
        if (source == null) {
            LOG.warn("cstp: {} closed: not an IP connection", ctx.channel().remoteAddress());
            fail(ctx);
            return;
        }
        if (gateway.bans.isBanned(source, gateway.now())) {
            LOG.debug("cstp: {} closed: source is banned", source.getHostAddress());
            fail(ctx);
            return;
        }
        GatewaySettings s = gateway.settings;
        HttpDecoderConfig config = new HttpDecoderConfig().setMaxInitialLineLength(s.maxRequestLine())
                .setMaxHeaderSize(s.maxHeaderBytes()).setMaxChunkSize(s.maxBodyBytes()).setStrictLineParsing(true);
        ctx.pipeline().addBefore(ctx.name(), GUARD, new FrameBeforeConnectGuard());
        ctx.pipeline().addBefore(ctx.name(), CODEC, new HttpServerCodec(config));
        ctx.pipeline().addBefore(ctx.name(), AGGREGATOR, new BoundedAggregator(s.maxBodyBytes()));
        phase = Phase.HTTP;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (phase == Phase.CLOSED) {
                return;
            }
            if (!(msg instanceof FullHttpRequest request) || phase != Phase.HTTP) {
                LOG.warn("cstp: {} closed: data before the secure channel was established", peer(ctx));
                fail(ctx);
                return;
            }
            handle(ctx, request);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            LOG.warn("cstp: {} closed: bad HTTP request ({})", peer(ctx),
                    cause == null ? "malformed" : cause.getMessage());
            reject(ctx, HttpResponseStatus.BAD_REQUEST, "bad request");
            return;
        }
        if (++requests > gateway.settings.maxRequestsPerConnection()) {
            LOG.warn("cstp: {} closed: more than {} requests on one connection", peer(ctx),
                    gateway.settings.maxRequestsPerConnection());
            reject(ctx, HttpResponseStatus.BAD_REQUEST, "too many requests on this connection");
            return;
        }
        if (gateway.stopping()) {
            respondAndClose(ctx, HttpReplies.unavailable("the gateway is shutting down"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod method = request.method();
        if (HttpMethod.CONNECT.equals(method)) {
            if (!TUNNEL_PATH.equals(path)) {
                LOG.warn("cstp: {} closed: CONNECT to {} (only {} exists)", peer(ctx), printable(path), TUNNEL_PATH);
                reject(ctx, HttpResponseStatus.NOT_FOUND, "not found");
                return;
            }
            connect(ctx, request);
            return;
        }
        Optional<String> pathGroup = groupOf(path);
        boolean authPath = AUTH_PATHS.contains(path) || pathGroup.isPresent();
        if (authPath && HttpMethod.POST.equals(method)) {
            login(ctx, request, path, pathGroup);
        } else if (authPath && HttpMethod.GET.equals(method)) {
            // openconnect falls back to GET and the old forms only after a failed XML POST (§2.1); certificate
            // login needs no form, so that fallback can only fail again: say so instead of serving old forms.
            LOG.info("cstp: {} GET {} refused: this gateway speaks the XML POST login only", peer(ctx),
                    printable(path));
            FullHttpResponse r = HttpReplies.closing(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "gmgw: log in with the XML POST (openconnect's default; do not use --no-xmlpost)");
            r.headers().set(HttpHeaderNames.ALLOW, "POST");
            respondAndClose(ctx, r);
        } else {
            LOG.info("cstp: {} closed: {} {} is not a login or tunnel URL", peer(ctx), method, printable(path));
            reject(ctx, HttpResponseStatus.NOT_FOUND, "not found");
        }
    }

    private Optional<String> groupOf(String path) {
        if (path.length() < 2 || path.indexOf('/', 1) >= 0 || AUTH_PATHS.contains(path)) {
            return Optional.empty();
        }
        String group = path.substring(1);
        return gateway.policies.find(group).isPresent() ? Optional.of(group) : Optional.empty();
    }

    private void login(ChannelHandlerContext ctx, FullHttpRequest request, String path, Optional<String> pathGroup) {
        ConfigAuthRequest message;
        try {
            message = gateway.authParser.parse(ByteBufUtil.getBytes(request.content()));
        } catch (AuthXmlException e) {
            LOG.warn("cstp: {} closed: {}", peer(ctx), e.getMessage());
            reject(ctx, HttpResponseStatus.BAD_REQUEST, "bad login request");
            return;
        }
        Optional<String> context = cookie(request, "webvpncontext");
        AuthOutcome outcome;
        try {
            outcome = gateway.authenticator.authenticate(new AuthAttempt(source, session, path, pathGroup, message,
                    context));
        } catch (RuntimeException e) {
            LOG.error("cstp: {} login failed inside the authenticator", peer(ctx), e);
            outcome = new AuthOutcome.Refused("authenticator failed: " + e.getMessage());
        }
        switch (outcome) {
            case AuthOutcome.Authenticated ok -> complete(ctx, ok.identity(), context.isPresent());
            case AuthOutcome.Challenge c -> {
                FullHttpResponse r = HttpReplies.xml(ConfigAuthWriter.authRequest(c.form()));
                r.headers().add(HttpHeaderNames.SET_COOKIE, "webvpncontext=" + c.context() + "; Secure; HttpOnly");
                ctx.writeAndFlush(r);
            }
            case AuthOutcome.Refused no -> {
                // The reason can quote what the client sent (a group name): filtered, or a CR/LF forges log lines.
                LOG.warn("cstp: {} login refused: {}", peer(ctx), printable(no.reason(), 512));
                gateway.audit.loginFailed(source, session, no.reason());
                gateway.penalize(source, gateway.settings.banPointsFailedLogin());
                // ocserv answers 401 and closes the connection (§2.3).
                reject(ctx, HttpResponseStatus.UNAUTHORIZED, "login failed");
            }
        }
    }

    private void complete(ChannelHandlerContext ctx, Identity identity, boolean hadContext) {
        List<CookieStore.Login> expired = new ArrayList<>();
        CookieStore.Login login;
        try {
            login = gateway.cookies.issue(identity, gateway.now(), expired);
        } catch (GatewayException e) {
            LOG.error("cstp: {} login of '{}' refused: {}", peer(ctx), identity.user(), e.getMessage());
            gateway.audit.loginFailed(source, session, e.getMessage());
            respondAndClose(ctx, HttpReplies.unavailable("the gateway is busy, try again later"));
            return;
        } finally {
            expired.forEach(l -> gateway.releaseLease(gateway.cookies.takeLease(l)));
        }
        String cookie = CookieStore.valueOf(login);
        LOG.info("cstp: {} user '{}' group '{}' logged in with certificate serial {} (cookie {})", peer(ctx),
                identity.user(), identity.group(), identity.serialHex(), login.id());
        gateway.audit.loginOk(source, session, identity, login.id());
        // Both carriers of the cookie, same value: Set-Cookie (ocserv style) and <session-token> (Cisco style), §2.4.
        FullHttpResponse r = HttpReplies.xml(ConfigAuthWriter.complete(cookie, "Welcome, " + identity.user()));
        r.headers().add(HttpHeaderNames.SET_COOKIE, "webvpn=" + cookie + "; Secure; HttpOnly");
        if (hadContext) {
            r.headers().add(HttpHeaderNames.SET_COOKIE, "webvpncontext=; Max-Age=0; Secure; HttpOnly");
        }
        ctx.writeAndFlush(r);
    }

    private void connect(ChannelHandlerContext ctx, FullHttpRequest request) {
        String identityKey = session.peerIdentity().map(Identity::keyOf).orElse("");
        Optional<String> cookie = cookie(request, "webvpn");
        CstpTunnelHandler tunnel = new CstpTunnelHandler(gateway, gateway.newSessionId(), session,
                (InetSocketAddress) ctx.channel().remoteAddress());
        CookieStore.Claim claim;
        Identity[] leasing = new Identity[1];
        try {
            claim = gateway.cookies.claim(cookie.orElse(null), identityKey, tunnel, gateway.now(),
                    gateway::maxSessionsPerUser, id -> {
                        leasing[0] = id;
                        return gateway.leases.lease(id.key(), id.group(), tunnel.id());
                    });
        } catch (RuntimeException e) {
            // Only the pool throws inside claim; the store changed nothing.
            Identity who = leasing[0];
            String why;
            if (e instanceof GatewayException g && g.kind() == GatewayException.Kind.RESOURCE && who != null) {
                LOG.error("cstp: session {} of '{}': {}", tunnel.id(), who.user(), e.getMessage());
                gateway.audit.poolExhausted(who, e.getMessage());
                why = "no free address in the pool of group '" + who.group() + "'";
            } else {
                why = failure("taking an address", who, tunnel, e);
            }
            LOG.warn("cstp: {} session {} refused: {}", peer(ctx), tunnel.id(), why);
            if (who != null) {
                gateway.audit.sessionRefused(who, tunnel.id(), why);
            }
            respondAndClose(ctx, HttpReplies.unavailable(printable(why, 200)));
            return;
        }
        if (claim instanceof CookieStore.Claim.Refused no) {
            LOG.warn("cstp: {} CONNECT refused: {} (cookie {})", peer(ctx), no.refusal().text(), no.cookieId());
            gateway.audit.cookieRefused(source, session, no.refusal(), no.cookieId());
            if (no.refusal() == CookieStore.Refusal.OTHER_IDENTITY) {
                // Someone else's cookie is a stolen one: it counts like a failed login.
                gateway.penalize(source, gateway.settings.banPointsFailedLogin());
            }
            respondAndClose(ctx, HttpReplies.closing(HttpReplies.COOKIE_NOT_ACCEPTABLE, ""));
            return;
        }
        if (claim instanceof CookieStore.Claim.Busy busy) {
            LOG.warn("cstp: {} CONNECT refused: another CONNECT with cookie {} is being opened", peer(ctx),
                    busy.cookieId());
            respondAndClose(ctx, HttpReplies.unavailable("another tunnel request with this cookie is in progress"));
            return;
        }
        if (claim instanceof CookieStore.Claim.TooMany many) {
            LOG.warn("cstp: {} session {} refused: {}", peer(ctx), tunnel.id(), many.reason());
            gateway.audit.sessionRefused(many.identity(), tunnel.id(), many.reason());
            respondAndClose(ctx, HttpReplies.unavailable(many.reason()));
            return;
        }
        CookieStore.Claim.Accepted ok = (CookieStore.Claim.Accepted) claim;
        CookieStore.Login login = ok.login();
        Identity identity = login.identity();
        Lease lease = ok.lease();
        if (gateway.policies.find(identity.group()).isEmpty()) {
            refuse(ctx, tunnel, ok, "group '" + identity.group() + "' is no longer configured");
            return;
        }
        GroupPolicy policy = gateway.policies.find(identity.group()).get();
        ConnectRequest req = ConnectRequest.of(request.headers());
        TunnelMtu mtu = TunnelMtu.of(gateway.settings.linkMtu(), req, source instanceof Inet6Address);
        boolean offerIpv6;
        if (ok.settled().isPresent()) {
            // A reconnect gets what the first CONNECT got: openconnect aborts when the addresses change (§9).
            offerIpv6 = ok.settled().get().ipv6();
            if (offerIpv6) {
                mtu = mtu.withIpv6Floor();
            }
        } else {
            offerIpv6 = req.ipv6() && mtu.carriesIpv6() && lease.ipv6().isPresent();
        }
        if (lease.ipv4().isEmpty() && !offerIpv6) {
            // openconnect aborts on a reply without any address (§4): say why instead.
            refuse(ctx, tunnel, ok, "group '" + identity.group() + "' has IPv6 addresses only"
                    + " and this client does not take IPv6 (or its tunnel MTU " + mtu.tunnel() + " is below 1280)");
            return;
        }
        long now = gateway.now();
        // The session timeout runs from the login's first CONNECT: a reconnect gets what is left (claim refused one
        // with nothing left as expired).
        long sessionStart = ok.settled().map(CookieStore.Settled::started).orElse(now);
        long sessionNanos = gateway.settings.sessionTimeout().toNanos();
        Optional<Duration> remaining = sessionNanos == 0 ? Optional.empty()
                : Optional.of(Duration.ofNanos(Math.max(0, sessionNanos - (now - sessionStart))));
        tunnel.bind(identity, login, lease, offerIpv6, sessionStart, policy, mtu);
        try {
            tunnel.openDataPath();
        } catch (RuntimeException e) {
            refuse(ctx, tunnel, ok, failure("routing the tunnel's addresses", identity, tunnel, e));
            return;
        }
        ConnectReply.Tunnel reply = new ConnectReply.Tunnel(lease, offerIpv6, mtu, policy, remaining);
        ctx.writeAndFlush(ConnectReply.response(reply, gateway.settings));
        // Only now, with this CONNECT accepted, does a tunnel still holding the cookie end (a refused reconnect
        // leaves it working).
        Object previous = gateway.cookies.commit(login, tunnel, new CookieStore.Settled(offerIpv6, sessionStart));
        switchToCstp(ctx, tunnel, mtu);
        if (previous instanceof CstpTunnelHandler old) {
            old.close(EndReason.REPLACED, "a reconnect with the same cookie took over");
        }
    }

    /** A failure inside the gateway while opening a tunnel: logged with its cause, answered with a short reason. */
    private String failure(String step, Identity identity, CstpTunnelHandler tunnel, RuntimeException e) {
        LOG.error("cstp: session {} of '{}': {} failed", tunnel.id(), identity == null ? "-" : identity.user(), step,
                e);
        return step + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /**
     * Refuses the CONNECT with 503 and undoes all it took: the data path registration, the cookie claim, and an
     * address lease taken for this CONNECT (one the cookie had before stays with it, for reconnects).
     */
    private void refuse(ChannelHandlerContext ctx, CstpTunnelHandler tunnel, CookieStore.Claim.Accepted claim,
            String refusal) {
        Identity identity = claim.login().identity();
        LOG.warn("cstp: {} session {} of '{}' refused: {}", peer(ctx), tunnel.id(), identity.user(), refusal);
        gateway.audit.sessionRefused(identity, tunnel.id(), refusal);
        tunnel.abandon();
        gateway.releaseLease(gateway.cookies.abandon(claim.login(), tunnel, !claim.newLease(), gateway.now()));
        respondAndClose(ctx, HttpReplies.unavailable(printable(refusal, 200)));
    }

    /**
     * The reply is on its way: CSTP framing takes the channel. The CSTP handlers go in first and the HTTP codec
     * leaves last, so any bytes it already buffered flow on into the frame decoder.
     */
    private void switchToCstp(ChannelHandlerContext ctx, CstpTunnelHandler tunnel, TunnelMtu mtu) {
        phase = Phase.TUNNEL;
        ChannelPipeline p = ctx.pipeline();
        int maxPayload = Math.max(CstpFrameDecoder.DEFAULT_MAX_PAYLOAD, mtu.tunnel());
        p.addAfter(ctx.name(), "cstp-decoder", new CstpFrameDecoder(Math.min(maxPayload, 0xffff)));
        p.addAfter("cstp-decoder", "cstp-encoder", CstpFrameEncoder.INSTANCE);
        p.addAfter("cstp-encoder", "cstp-tunnel", tunnel);
        p.remove(GUARD);
        p.remove(AGGREGATOR);
        p.remove(this);
        p.remove(CODEC);
    }

    private static Optional<String> cookie(FullHttpRequest request, String name) {
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie c : ServerCookieDecoder.LAX.decodeAll(header)) {
                if (name.equals(c.name()) && !c.value().isEmpty()) {
                    return Optional.of(c.value());
                }
            }
        }
        return Optional.empty();
    }

    private void reject(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
        respondAndClose(ctx, HttpReplies.closing(status, text));
    }

    private void respondAndClose(ChannelHandlerContext ctx, FullHttpResponse response) {
        phase = Phase.CLOSED;
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void fail(ChannelHandlerContext ctx) {
        phase = Phase.CLOSED;
        ctx.close();
    }

    private String peer(ChannelHandlerContext ctx) {
        return source != null ? source.getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
    }

    /** A path from the peer, safe to log: printable ASCII only, at most 64 characters. */
    static String printable(String s) {
        return printable(s, 64);
    }

    /** Text that may hold what a peer sent, safe to log: printable ASCII only, at most {@code max} characters. */
    static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("cstp: {} closed: {}", peer(ctx), cause.toString());
        fail(ctx);
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
