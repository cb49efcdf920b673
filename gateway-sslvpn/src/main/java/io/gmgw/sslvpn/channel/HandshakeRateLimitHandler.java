package io.gmgw.sslvpn.channel;

import io.gmgw.gateway.ratelimit.HandshakeAdmission;
import io.gmgw.gateway.ratelimit.HandshakeRateLimiter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * First in a listener's pipeline: asks the {@link HandshakeAdmission} whether the connection may start a handshake
 * (its source's rate, the global rate, the cap on connections still in their handshake), before any byte is read or
 * any key is used (the server makes an SM2 signature or decryption per ClientHello). A refused connection is closed
 * at once, with a log line at most every ten seconds; an admitted one goes on without this handler, holding an
 * unauthenticated slot until its {@link SecureChannelEvent} passes a {@link HandshakeEndHandler} or it closes,
 * whichever comes first. One instance serves every connection of a listener.
 */
@ChannelHandler.Sharable
public final class HandshakeRateLimitHandler extends ChannelInboundHandlerAdapter {
    /** The admitted connection's slot: runs once, later runs do nothing. */
    static final AttributeKey<Runnable> SLOT = AttributeKey.valueOf(HandshakeRateLimitHandler.class, "slot");

    private final HandshakeAdmission admission;
    private final RateLimitedLog refusals;

    /** Per-source limits from {@code limiter}, global ones at {@link HandshakeAdmission.Limits#DEFAULTS}. */
    public HandshakeRateLimitHandler(HandshakeRateLimiter limiter) {
        this(HandshakeAdmission.withDefaults(limiter));
    }

    public HandshakeRateLimitHandler(HandshakeAdmission admission) {
        this.admission = admission;
        this.refusals = new RateLimitedLog(LoggerFactory.getLogger("sslvpn"), admission.perSource().ticker(),
                TimeUnit.SECONDS.toNanos(10));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            HandshakeAdmission.Verdict verdict = admission.tryAdmit(inet.getAddress());
            if (verdict != HandshakeAdmission.Verdict.ADMITTED) {
                refusals.warn("handshake admission: refused a connection from "
                        + inet.getAddress().getHostAddress() + ": " + reason(verdict));
                ctx.close();
                return;
            }
            AtomicBoolean held = new AtomicBoolean(true);
            Runnable release = () -> {
                if (held.compareAndSet(true, false)) {
                    admission.handshakeEnded();
                }
            };
            ctx.channel().attr(SLOT).set(release);
            ctx.channel().closeFuture().addListener(f -> release.run());
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    private String reason(HandshakeAdmission.Verdict verdict) {
        HandshakeRateLimiter limiter = admission.perSource();
        HandshakeAdmission.Limits limits = admission.limits();
        return switch (verdict) {
            case SOURCE_RATE -> "its source is over " + limiter.interval().toMillis()
                    + " ms per handshake after its burst (rate-limit.handshakes-per-second; " + limiter.refused()
                    + " refused since start)";
            case GLOBAL_RATE -> "all sources together are over " + (long) limits.globalPerSecond()
                    + " handshakes a second (rate-limit.global-handshakes-per-second; "
                    + admission.refusedGlobalRate() + " refused since start)";
            case TOO_MANY_UNAUTHENTICATED -> admission.unauthenticated()
                    + " connections are still in their handshake (rate-limit.max-unauthenticated; "
                    + admission.refusedUnauthenticated() + " refused since start)";
            case ADMITTED -> throw new IllegalStateException("an admitted connection is not refused");
        };
    }
}
