package io.gmgw.sslvpn.gateway;

import io.gmgw.gateway.ip.IpPrefix;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.cstp.CstpFrame;
import io.gmgw.sslvpn.cstp.CstpFrameType;
import io.gmgw.sslvpn.cstp.CstpProtocolException;
import io.gmgw.sslvpn.gateway.CstpSession.FrameAction;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live tunnel: a thin Netty adapter around {@link CstpSession}. It moves DATA frames to the packet path (after the
 * source-address check and the group ACL) and packets from the packet path into DATA frames, one frame per write (the
 * encoder makes each a single buffer, so a single record, cstp.md §5); answers DPD; runs the session's timers on the
 * event loop; and ends the tunnel once, whatever ends it.
 *
 * <p>Packets toward the client wait in a bounded queue while the channel is not writable: a slow client fills only
 * its own queue, and what does not fit is dropped and counted, never stalling the data plane or other tunnels.
 */
final class CstpTunnelHandler extends ChannelInboundHandlerAdapter implements PacketPath.Receiver {
    private static final Logger LOG = LoggerFactory.getLogger("cstp");
    /**
     * Frames written per flush at most while draining: enough to turn a burst into a few gathering writes (Netty writes
     * up to 1024 buffers per writev), few enough that the first frames of a long drain leave without waiting for it.
     */
    static final int FLUSH_BATCH = 32;
    /** The largest DPD-REQ payload echoed back; openconnect's are empty. */
    static final int MAX_DPD_ECHO = 64;

    private final Gateway gateway;
    private final String id;
    private final SecureSession channelSession;
    private final InetSocketAddress remote;
    private final Queue<ByteBuf> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong dropsOut = new AtomicLong();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    // Written on the event loop only, read by the control socket: volatile single-writer counters.
    private volatile long bytesIn;
    private volatile long packetsIn;
    private volatile long bytesOut;
    private volatile long packetsOut;
    private volatile long dropsIn;
    private volatile boolean ended;
    private Identity identity;
    private CookieStore.Login login;
    private Lease lease;
    private boolean offerIpv6;
    private long sessionStart;
    private GroupPolicy policy;
    private TunnelMtu mtu;
    private Instant connectedSince;
    private CstpSession core;
    private volatile ChannelHandlerContext ctx; // set once, under this handler's lock (close() may race handlerAdded)
    private EndReason earlyEnd;
    private String earlyDetail;
    private PacketPath.Registration registration;
    private ScheduledFuture<?> timer;

    CstpTunnelHandler(Gateway gateway, String id, SecureSession channelSession, InetSocketAddress remote) {
        this.gateway = gateway;
        this.id = id;
        this.channelSession = channelSession;
        this.remote = remote;
    }

    /** What the CONNECT settled, before the handler enters the pipeline. */
    void bind(Identity identity, CookieStore.Login login, Lease lease, boolean offerIpv6, long sessionStart,
            GroupPolicy policy, TunnelMtu mtu) {
        this.sessionStart = sessionStart;
        this.identity = identity;
        this.login = login;
        this.lease = lease;
        this.offerIpv6 = offerIpv6;
        this.policy = policy.forSession(id, identity.user());
        this.mtu = mtu;
    }

    String id() {
        return id;
    }

    Identity identity() {
        return identity;
    }

    /**
     * Routes the tunnel's addresses to it, before the CONNECT is answered: a data path that refuses (an address
     * conflict, a broken TUN) refuses the CONNECT instead of leaving a tunnel without one. Packets that arrive before
     * the handler is in the pipeline wait in the outbound queue.
     *
     * @throws RuntimeException whatever the packet path throws; nothing is left registered
     */
    void openDataPath() {
        List<IpPrefix> addresses = new ArrayList<>();
        lease.ipv4().ifPresent(addresses::add);
        if (offerIpv6) {
            lease.ipv6().ifPresent(addresses::add);
        }
        registration = gateway.packetPath.register(id, addresses, this);
    }

    /** Undoes {@link #openDataPath} for a CONNECT refused after it; the handler never enters a pipeline. */
    void abandon() {
        ended = true;
        if (registration != null) {
            registration.close();
        }
        releaseQueued();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        EndReason early;
        synchronized (this) {
            this.ctx = ctx;
            early = earlyEnd;
        }
        GatewaySettings s = gateway.settings;
        ctx.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(s.writeBufferBytes() / 2,
                s.writeBufferBytes()));
        long now = gateway.now();
        connectedSince = gateway.clock.instant();
        core = new CstpSession(s.dpd().toNanos(), s.idleTimeout().toNanos(), s.sessionTimeout().toNanos(),
                sessionStart, now);
        ctx.channel().closeFuture().addListener(f -> closed.complete(null));
        long tick = s.timerTick().toNanos();
        timer = ctx.executor().scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
        // Known to the gateway (operator list, disconnect, stop) last, once everything finish() undoes exists.
        gateway.register(this);
        SessionInfo info = info();
        LOG.info("cstp: session {} opened for '{}' (group '{}') from {} over {} {}: {}{} mtu {}", id, identity.user(),
                identity.group(), info.source(), channelSession.protocol(), channelSession.cipherSuite(),
                info.ipv4().map(IpPrefix::toString).orElse("-"), info.ipv6().map(p -> " " + p).orElse(""),
                mtu.tunnel());
        gateway.audit.sessionStart(info, login.id(), mtu.tunnel());
        if (early != null) {
            end(early, earlyDetail);
        } else if (!ctx.channel().isActive()) {
            end(EndReason.CONNECTION_LOST, "the connection closed as the tunnel opened");
        } else if (!outbound.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(this::drain);
        }
    }

    /** Whatever takes the handler out of the pipeline (a close, a deregistration) ends the tunnel. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        end(EndReason.CONNECTION_LOST, "the tunnel left the connection");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof CstpFrame frame)) {
            ReferenceCountUtil.release(msg);
            end(EndReason.PROTOCOL_ERROR, "unexpected " + msg.getClass().getSimpleName() + " in the tunnel");
            return;
        }
        try {
            ByteBuf payload = frame.payload();
            int first = payload.isReadable() ? payload.getUnsignedByte(payload.readerIndex()) : -1;
            FrameAction action = frame.type() == CstpFrameType.DISCONNECT
                    ? core.onDisconnect(first, disconnectText(payload), gateway.now())
                    : core.onFrame(frame.type(), first, payload.readableBytes(), gateway.now());
            switch (action) {
                case DELIVER -> inbound(payload);
                case ANSWER_DPD -> answerDpd(ctx, payload);
                case IGNORE -> {
                }
                case END -> finish();
            }
        } finally {
            frame.release();
        }
    }

    /** The text after a DISCONNECT's first byte (§5), decoded from a bounded number of bytes. */
    private static String disconnectText(ByteBuf payload) {
        int length = Math.min(payload.readableBytes() - 1, 4 * CstpSession.MAX_CLIENT_REASON);
        return length <= 0 ? "" : payload.toString(payload.readerIndex() + 1, length, StandardCharsets.UTF_8);
    }

    /**
     * DPD-RESP only while the connection can take it: a client streaming DPD-REQs without reading would otherwise
     * pile up answers without bound. A dropped answer costs nothing, the client repeats every dpd/2 (§8). A small
     * payload is echoed (ocserv), a larger one answered empty (openconnect); §5 says clients accept both.
     */
    private void answerDpd(ChannelHandlerContext ctx, ByteBuf request) {
        if (!ctx.channel().isWritable()) {
            return;
        }
        ByteBuf answer = request.readableBytes() <= MAX_DPD_ECHO ? request.retainedDuplicate() : Unpooled.EMPTY_BUFFER;
        ctx.writeAndFlush(new CstpFrame(CstpFrameType.DPD_RESPONSE, answer), ctx.voidPromise());
    }

    private void inbound(ByteBuf packet) {
        int length = packet.readableBytes();
        packetsIn++;
        bytesIn += length;
        if (!fromLeasedAddress(packet)) {
            dropsIn++;
            LOG.debug("cstp: session {} dropped a packet whose source is not the tunnel address", id);
            return;
        }
        PacketVerdict verdict = policy.check(packet, GroupPolicy.Direction.FROM_CLIENT);
        if (!verdict.allowed()) {
            dropsIn++;
            LOG.debug("cstp: session {} packet from the client denied by rule {}", id, verdict.rule());
            return;
        }
        if (!gateway.packetPath.deliver(id, packet.retain())) {
            dropsIn++;
        }
    }

    /** A client may send only from the addresses it was given: anything else is spoofed and dropped. */
    private boolean fromLeasedAddress(ByteBuf p) {
        int at = p.readerIndex();
        int version = p.getUnsignedByte(at) >> 4;
        if (version == 4 && p.readableBytes() >= 20 && lease.ipv4().isPresent()) {
            return equalBytes(p, at + 12, lease.ipv4().get().address().getAddress());
        }
        if (version == 6 && p.readableBytes() >= 40 && offerIpv6 && lease.ipv6().isPresent()) {
            return equalBytes(p, at + 8, lease.ipv6().get().address().getAddress());
        }
        return false;
    }

    private static boolean equalBytes(ByteBuf p, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (p.getByte(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** A packet for the client, from the packet path; any thread. */
    @Override
    public void send(ByteBuf packet) {
        if (ended || queued.incrementAndGet() > gateway.settings.outboundQueuePackets()) {
            if (!ended) {
                queued.decrementAndGet();
            }
            packet.release();
            dropsOut.incrementAndGet();
            return;
        }
        outbound.add(packet);
        if (ended) {
            releaseQueued();
            return;
        }
        ChannelHandlerContext c = ctx;
        // Before handlerAdded the packet waits; handlerAdded drains what came early.
        if (c != null && drainScheduled.compareAndSet(false, true)) {
            c.executor().execute(this::drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        int unflushed = 0;
        boolean wrote = false;
        while (!ended && ctx.channel().isWritable()) {
            ByteBuf packet = outbound.poll();
            if (packet == null) {
                break;
            }
            queued.decrementAndGet();
            PacketVerdict verdict = policy.check(packet, GroupPolicy.Direction.TO_CLIENT);
            if (!verdict.allowed()) {
                packet.release();
                dropsOut.incrementAndGet();
                LOG.debug("cstp: session {} packet to the client denied by rule {}", id, verdict.rule());
                continue;
            }
            packetsOut++;
            bytesOut += packet.readableBytes();
            // One record per frame (cstp.md §5, as ocserv sends them): TlsHandler and TlcpHandler seal each write
            // into its own records at write time (their twoWritesThenOneFlush tests), so the frames of one drain
            // can share a flush, one gathering socket write instead of one per packet. (Netty's SslHandler, which
            // wraps all pending writes at a flush, could not.)
            ctx.write(CstpFrame.data(packet), ctx.voidPromise());
            wrote = true;
            if (++unflushed == FLUSH_BATCH) {
                ctx.flush();
                unflushed = 0;
            }
        }
        if (unflushed > 0) {
            ctx.flush();
        }
        if (wrote) {
            core.onDataSent(gateway.now());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        // Back-pressure: a client that does not read gets nothing more read from it (no DPD-REQ or packet it sends
        // can make the gateway write more); reading resumes once its backlog is down to the low water mark.
        ctx.channel().config().setAutoRead(writable);
        if (writable && !outbound.isEmpty()) {
            drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void tick() {
        switch (core.onTick(gateway.now())) {
            case SEND_DPD -> ctx.writeAndFlush(CstpFrame.empty(CstpFrameType.DPD_REQUEST));
            case END -> finish();
            case NONE -> {
            }
        }
    }

    /** Ends the tunnel from outside (operator, server stop, a reconnect); any thread. */
    CompletableFuture<Void> close(EndReason reason, String detail) {
        ChannelHandlerContext c;
        synchronized (this) {
            c = ctx;
            if (c == null) {
                // Accepted on another event loop and not in its pipeline yet (a reconnect raced it): handlerAdded
                // ends it at once, so it never carries traffic next to the tunnel that replaced it.
                if (earlyEnd == null) {
                    earlyEnd = reason;
                    earlyDetail = detail;
                }
                return closed;
            }
        }
        if (c.executor().inEventLoop()) {
            end(reason, detail);
        } else {
            c.executor().execute(() -> end(reason, detail));
        }
        return closed;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end(EndReason.CONNECTION_LOST, "the connection closed");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof CstpProtocolException) {
            end(EndReason.PROTOCOL_ERROR, c.getMessage());
        } else {
            end(EndReason.CONNECTION_LOST, c.toString());
        }
    }

    private void end(EndReason reason, String detail) {
        if (core != null) {
            core.end(reason, detail);
            finish();
        }
    }

    /** The one way out: runs once, on the event loop, whatever ended the session. */
    private void finish() {
        if (ended) {
            return;
        }
        ended = true;
        EndReason reason = core.endReason();
        String detail = core.endDetail();
        if (timer != null) {
            timer.cancel(false);
        }
        if (registration != null) {
            registration.close();
        }
        releaseQueued();
        gateway.unregister(this);
        long now = gateway.now();
        gateway.releaseLease(gateway.cookies.release(login, this, reason.endsLogin(), now));
        SessionInfo info = info();
        long seconds = (now - core.started()) / 1_000_000_000L;
        if (reason == EndReason.PROTOCOL_ERROR) {
            LOG.warn("cstp: session {} of '{}' closed: protocol error: {}", id, identity.user(), detail);
        } else {
            LOG.info("cstp: session {} of '{}' ended ({}): {}; {} bytes in, {} bytes out, {} s", id, identity.user(),
                    reason.id(), detail, info.bytesIn(), info.bytesOut(), seconds);
        }
        gateway.audit.sessionEnd(info, login.id(), reason, detail, seconds);
        if (reason.tellClient() && ctx.channel().isActive()) {
            // The client is told, so it exits instead of reconnecting (§5, §10); openconnect may still send its BYE,
            // which the closing channel ignores.
            ctx.writeAndFlush(CstpFrame.empty(CstpFrameType.TERMINATE)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void releaseQueued() {
        ByteBuf p;
        while ((p = outbound.poll()) != null) {
            queued.decrementAndGet();
            p.release();
        }
    }

    SessionInfo info() {
        Optional<IpPrefix> v6 = offerIpv6 ? lease.ipv6() : Optional.empty();
        return new SessionInfo(id, identity.user(), identity.group(), identity.subject(), identity.serialHex(),
                identity.issuer(), channelSession.protocol(), channelSession.cipherSuite(),
                remote.getAddress().getHostAddress() + ":" + remote.getPort(), lease.ipv4(), v6, bytesIn, packetsIn,
                bytesOut, packetsOut, dropsIn, dropsOut.get(), connectedSince);
    }
}
