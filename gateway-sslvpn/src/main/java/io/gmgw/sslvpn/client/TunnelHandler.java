package io.gmgw.sslvpn.client;

import io.gmgw.sslvpn.channel.PathMtu;
import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.cstp.CstpFrame;
import io.gmgw.sslvpn.cstp.CstpFrameDecoder;
import io.gmgw.sslvpn.cstp.CstpFrameEncoder;
import io.gmgw.sslvpn.cstp.CstpFrameType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tunnel connection: sends {@code CONNECT /CSCOSSLC/tunnel} once the secure channel is up, reads the reply into
 * {@link TunnelParameters}, then replaces the HTTP codec with the CSTP frame codec and carries packets (cstp.md §3-§5)
 * with the client's DPD and keepalive timers ({@link ClientTimers}, on the event loop's ticker). Tells its
 * {@link Events} exactly once how it ended.
 */
public final class TunnelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger("cstp");
    /** A reply to CONNECT is headers only (a refusal may carry a short text). */
    static final int MAX_REPLY = 16 * 1024;
    /** BYE: DISCONNECT whose payload starts with 0xB0 = the user logs off (cstp.md §5, §10). */
    static final int BYE_CODE = 0xB0;

    /** How a tunnel connection ended. */
    public enum EndKind {
        /** The connection was lost (closed, reset, dead peer, no reply): reconnect with the same cookie (§9). */
        LOST,
        /** The gateway ended the session (DISCONNECT or TERMINATE, §10): no reconnect. */
        SERVER_ENDED,
        /** We logged off ({@link #disconnect(String)}). */
        LOCAL_ENDED,
        /** A failure that another attempt will not fix (cookie refused, bad reply, certificate refused). */
        FAILED
    }

    public record End(EndKind kind, String message, VpnClientException failure) {
    }

    /** What the tunnel tells its owner; called on the channel's event loop. */
    public interface Events {
        void established(TunnelHandler tunnel, TunnelParameters parameters, SecureSession session);

        /** One IP packet from the gateway; the receiver releases it. */
        void packet(ByteBuf packet);

        void ended(TunnelHandler tunnel, End end);
    }

    private enum State { AWAIT_SECURE, AWAIT_REPLY, TUNNEL, CLOSED }

    private final FullHttpRequest request;
    private final ClientProfile profile;
    private final Events events;
    private final Duration replyTimeout;
    private final TunnelCounters counters;
    private ChannelHandlerContext ctx;
    private State state = State.AWAIT_SECURE;
    private ClientTimers timers;
    /** A flush of data frames is queued on the event loop (event loop only). */
    private boolean flushScheduled;
    /** Data frames written since the last flush (event loop only). */
    private int unflushed;
    /** Most data frames written before a flush: about 22 KB of full-size packets. */
    static final int FLUSH_BATCH = 16;
    private ScheduledFuture<?> timer;
    private long timerDeadline = Long.MAX_VALUE;
    private End end;
    /** While the HTTP codec is being removed: frames that arrived in the same read as the reply. */
    private List<CstpFrame> early;

    private TunnelHandler(FullHttpRequest request, ClientProfile profile, Events events, Duration replyTimeout,
            TunnelCounters counters) {
        this.request = request;
        this.profile = profile;
        this.events = events;
        this.replyTimeout = replyTimeout;
        this.counters = counters;
    }

    /**
     * The handlers to put after the secure channel: HTTP codec, bounded aggregator, the tunnel. {@code connect} was
     * made from {@code profile}; a profile that measures its base MTU has the request's MTU headers set from the
     * connection's path before it is sent (cstp.md §7).
     */
    public static ChannelHandler pipeline(FullHttpRequest connect, ClientProfile profile, Events events,
            Duration replyTimeout, TunnelCounters counters) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("http", new HttpClientCodec())
                        .addLast("http-aggregator", new HttpObjectAggregator(MAX_REPLY))
                        .addLast("tunnel", new TunnelHandler(connect, profile, events, replyTimeout,
                                counters));
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ReferenceCountUtil.safeRelease(request, request.refCnt());
        cancelTimer();
    }

    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SecureChannelEvent e && state == State.AWAIT_SECURE) {
            if (!e.isSuccess()) {
                VpnClientException f = Failures.secureChannel(e.cause());
                finish(f.retryable() ? EndKind.LOST : EndKind.FAILED, f.getMessage(), f);
                return;
            }
            state = State.AWAIT_REPLY;
            schedule(now() + replyTimeout.toNanos());
            if (profile.baseFromPath()) {
                ClientProfile p = profile.onPath(PathMtu.of(ctx.channel().localAddress()));
                HttpMessages.mtu(request.headers(), p);
                LOG.debug("base MTU {} (path of {}), asking for tunnel MTU {}", p.baseMtu(),
                        ctx.channel().localAddress(), p.mtu());
            }
            ctx.writeAndFlush(request.retain()).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            switch (state) {
                case AWAIT_REPLY -> {
                    if (msg instanceof FullHttpResponse r) {
                        reply(r);
                    }
                }
                case TUNNEL -> {
                    if (msg instanceof CstpFrame f && early != null) {
                        early.add(f.retain()); // frames that came with the reply wait for established()
                    } else if (msg instanceof CstpFrame f) {
                        frame(f);
                    }
                }
                default -> {
                    // before the handshake or after the end: nothing to do with it
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void reply(FullHttpResponse r) {
        if (r.decoderResult().isFailure()) {
            VpnClientException e = new VpnClientException(VpnClientException.Kind.PROTOCOL, "the gateway's reply to "
                    + "CONNECT is not HTTP/1.1 (" + r.decoderResult().cause().getMessage() + ")");
            finish(EndKind.FAILED, e.getMessage(), e);
            return;
        }
        int status = r.status().code();
        // openconnect compares the first 13 bytes with "HTTP/1.1 200 " (cstp.md §4): HTTP/1.0 fails
        if (status == 200 && r.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            r.headers().forEach(headers::add);
            TunnelParameters p;
            try {
                p = TunnelParameters.fromHeaders(headers);
            } catch (VpnClientException e) {
                finish(EndKind.FAILED, e.getMessage(), e);
                return;
            }
            startTunnel(p);
            return;
        }
        String reason = r.headers().get("X-Reason");
        VpnClientException e = switch (status) {
            case 200 -> new VpnClientException(VpnClientException.Kind.PROTOCOL, "the gateway answered CONNECT with "
                    + r.protocolVersion() + " 200, not HTTP/1.1 200 (openconnect refuses it as well)");
            case 401, 403 -> new VpnClientException(VpnClientException.Kind.COOKIE_REJECTED, "the gateway no longer "
                    + "accepts the session cookie (HTTP " + status + " " + r.status().reasonPhrase() + "): the session"
                    + " ended or expired; log in again");
            case 503 -> new VpnClientException(VpnClientException.Kind.SERVER_UNAVAILABLE, "the gateway cannot open "
                    + "the tunnel now (HTTP 503" + (reason == null ? "" : ": " + Failures.printable(reason))
                    + "); try again later or ask its operator");
            default -> new VpnClientException(VpnClientException.Kind.PROTOCOL, "the gateway answered CONNECT with "
                    + "HTTP " + status + " " + Failures.printable(r.status().reasonPhrase())
                    + (reason == null ? "" : " (" + Failures.printable(reason) + ")")
                    + "; is it an OpenConnect/AnyConnect gateway?");
        };
        finish(EndKind.FAILED, e.getMessage(), e);
    }

    private void startTunnel(TunnelParameters p) {
        state = State.TUNNEL;
        // X-CSTP-Rekey-Method ssl would renegotiate; TLCP stacks disagree on that, so both become new-tunnel (§8)
        Duration rekey = p.rekeyMethod().equalsIgnoreCase("none") ? Duration.ZERO
                : p.rekeyTime().orElse(Duration.ZERO);
        timers = new ClientTimers(p.dpd(), p.keepalive(), rekey, now());
        cancelTimer();
        rearm();
        ChannelPipeline pipeline = ctx.pipeline();
        SslHandler tls = pipeline.get(SslHandler.class);
        if (tls != null) {
            // Netty's SslHandler wraps the writes pending at a flush together, up to a record's worth, which would put
            // several frames of one flushed burst into one record (cstp.md §5 forbids it). Wrap data size 0: each
            // write (one whole frame, CstpFrameEncoder) is wrapped, and so sealed, on its own.
            tls.setWrapDataSize(0);
        }
        pipeline.addAfter("http", "cstp-decoder", CstpFrameDecoder.forTunnel(p.mtu())); // openconnect's limit (§5)
        pipeline.addAfter("cstp-decoder", "cstp-encoder", CstpFrameEncoder.INSTANCE);
        early = new ArrayList<>();
        pipeline.remove("http-aggregator");
        pipeline.remove("http"); // bytes after the reply's blank line go on to the CSTP decoder, frames to early
        List<CstpFrame> first = early;
        early = null;
        try {
            events.established(this, p, ctx.channel().attr(SecureSession.ATTRIBUTE).get());
            for (CstpFrame f : first) {
                if (state == State.TUNNEL) {
                    frame(f);
                }
            }
        } finally {
            first.forEach(ReferenceCountUtil::release);
        }
    }

    private void frame(CstpFrame f) {
        timers.received(now());
        counters.frameIn(f.payload().readableBytes());
        switch (f.type()) {
            case DATA -> {
                counters.packetIn(f.payload().readableBytes());
                events.packet(f.payload().retain());
            }
            case DPD_REQUEST -> send(CstpFrame.empty(CstpFrameType.DPD_RESPONSE)); // openconnect: empty (§5)
            case DPD_RESPONSE, KEEPALIVE -> {
                // liveness only (§5, §8)
            }
            case DISCONNECT, TERMINATE -> {
                String why = reasonOf(f.payload());
                finish(EndKind.SERVER_ENDED, "the gateway ended the session (" + f.type()
                        + (why.isEmpty() ? "" : ": " + why) + ")", null);
            }
            case COMPRESSED -> {
                VpnClientException e = new VpnClientException(VpnClientException.Kind.PROTOCOL, "the gateway sent a"
                        + " compressed frame although no compression was agreed (cstp.md §6)");
                finish(EndKind.FAILED, e.getMessage(), e);
            }
        }
        rearm();
    }

    /** Sends one IP packet into the tunnel (takes ownership). False when it was dropped (not up, or backlog full). */
    public boolean sendPacket(ByteBuf packet) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> sendPacket(packet));
            return true;
        }
        if (state != State.TUNNEL || !ctx.channel().isWritable() || packet.readableBytes() > 0xffff) {
            packet.release(); // as a full TUN queue does: the sender's transport retransmits
            counters.dropOut();
            return false;
        }
        counters.packetOut(packet.readableBytes());
        CstpFrame frame = CstpFrame.data(packet);
        counters.frameOut(frame.payload().readableBytes());
        // Written now, flushed by a task queued behind the packets already waiting for the loop (a TUN reader hands
        // each over as a task of its own): a burst leaves in one gathering socket write, still one record per frame
        // (TlsHandler and TlcpHandler seal each write on its own, cstp.md §5), and a lone packet right away.
        // At most FLUSH_BATCH frames wait unflushed: they count against the channel's write buffer, whose high water
        // mark (64 KiB by default) makes the check above drop packets.
        ctx.write(frame, ctx.voidPromise());
        if (++unflushed >= FLUSH_BATCH) {
            flushData();
        } else if (!flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(this::flushData);
        }
        if (timers != null) {
            timers.sent(now());
        }
        return true;
    }

    private void flushData() {
        flushScheduled = false;
        if (unflushed > 0) {
            unflushed = 0;
            ctx.flush();
        }
    }

    /** Logs off: BYE (DISCONNECT 0xB0 + reason, cstp.md §10), then closes. Safe from any thread. */
    public void disconnect(String reason) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> disconnect(reason));
            return;
        }
        if (state == State.TUNNEL) {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            ByteBuf payload = ctx.alloc().buffer(1 + Math.min(text.length, 200));
            payload.writeByte(BYE_CODE).writeBytes(text, 0, Math.min(text.length, 200));
            send(new CstpFrame(CstpFrameType.DISCONNECT, payload));
        }
        finish(EndKind.LOCAL_ENDED, reason, null);
    }

    /** Closes without logging off (the cookie stays valid for a reconnect, like openconnect's SIGHUP §9). */
    public void drop(String reason) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> drop(reason));
            return;
        }
        finish(EndKind.LOST, reason, new VpnClientException(VpnClientException.Kind.NETWORK, reason));
    }

    private void send(CstpFrame f) {
        counters.frameOut(f.payload().readableBytes());
        ctx.writeAndFlush(f).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        if (timers != null) {
            timers.sent(now());
        }
    }

    private void tick() {
        timer = null;
        timerDeadline = Long.MAX_VALUE;
        if (state == State.AWAIT_REPLY) {
            VpnClientException e = new VpnClientException(VpnClientException.Kind.NETWORK, "the gateway did not answer"
                    + " CONNECT within " + replyTimeout.toSeconds() + " s");
            finish(EndKind.LOST, e.getMessage(), e);
            return;
        }
        if (state != State.TUNNEL) {
            return;
        }
        long now = now();
        for (int i = 0; i < 4; i++) {
            switch (timers.poll(now)) {
                case NONE -> {
                    rearm();
                    return;
                }
                case SEND_DPD_REQUEST -> send(CstpFrame.empty(CstpFrameType.DPD_REQUEST));
                case SEND_KEEPALIVE -> send(CstpFrame.empty(CstpFrameType.KEEPALIVE));
                case REKEY -> {
                    VpnClientException e = new VpnClientException(VpnClientException.Kind.NETWORK, "rekey time "
                            + "reached: a new tunnel with the same cookie");
                    finish(EndKind.LOST, e.getMessage(), e);
                    return;
                }
                case DEAD_PEER -> {
                    VpnClientException e = new VpnClientException(VpnClientException.Kind.NETWORK,
                            "Dead Peer Detection detected dead peer: nothing received for twice the DPD interval");
                    finish(EndKind.LOST, e.getMessage(), e);
                    return;
                }
            }
        }
        rearm();
    }

    private void rearm() {
        if (state == State.TUNNEL) {
            schedule(timers.nextDeadline());
        }
    }

    private void schedule(long deadline) {
        if (deadline == Long.MAX_VALUE || (timer != null && deadline >= timerDeadline)) {
            return;
        }
        cancelTimer();
        timerDeadline = deadline;
        timer = ctx.executor().schedule(this::tick, Math.max(0, deadline - now()), TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        timerDeadline = Long.MAX_VALUE;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != State.CLOSED) {
            String what = state == State.TUNNEL ? "the connection to the gateway was lost"
                    : "the gateway closed the connection before the tunnel was up";
            finish(EndKind.LOST, what, new VpnClientException(VpnClientException.Kind.NETWORK, what));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        VpnClientException e = Failures.channel(cause);
        finish(e.retryable() ? EndKind.LOST : EndKind.FAILED, e.getMessage(), e);
    }

    private void finish(EndKind kind, String message, VpnClientException failure) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancelTimer();
        end = new End(kind, message, failure);
        if (kind == EndKind.FAILED || kind == EndKind.SERVER_ENDED) {
            LOG.warn("tunnel to {} ended: {}", ctx.channel().remoteAddress(), message);
        } else {
            LOG.info("tunnel to {} ended: {}", ctx.channel().remoteAddress(), message);
        }
        ctx.close();
        events.ended(this, end);
    }

    /** How this tunnel ended, or null while it runs. */
    public End end() {
        return end;
    }

    private static String reasonOf(ByteBuf payload) {
        if (!payload.isReadable()) {
            return "";
        }
        int from = payload.readerIndex();
        if ((payload.getByte(from) & 0xff) == BYE_CODE) {
            from++;
        }
        int len = Math.min(200, payload.writerIndex() - from);
        return Failures.printable(payload.toString(from, Math.max(0, len), StandardCharsets.UTF_8));
    }

}
