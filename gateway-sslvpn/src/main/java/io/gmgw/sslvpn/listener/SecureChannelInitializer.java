package io.gmgw.sslvpn.listener;

import io.gmgw.gateway.ratelimit.HandshakeAdmission;
import io.gmgw.gateway.ratelimit.HandshakeRateLimiter;
import io.gmgw.sslvpn.channel.HandshakeEndHandler;
import io.gmgw.sslvpn.channel.HandshakeRateLimitHandler;
import io.gmgw.sslvpn.channel.ProtocolSniffer;
import io.gmgw.sslvpn.channel.RateLimitedLog;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.netty.TlcpHandler;
import io.gmgw.sslvpn.tls.TlsHandler;
import io.gmgw.sslvpn.tls.TlsServerConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Builds the pipeline of each accepted connection on the gateway's port: {@code rate-limit} (when admission limits
 * are given), {@code sniffer} (replaced by {@code secure-channel}, a {@link TlcpHandler} or a {@link TlsHandler}),
 * {@code handshake-end} (with {@code rate-limit}: gives the connection's unauthenticated slot back), then whatever
 * {@code above} adds (the tunnel layer: it gets plaintext {@code ByteBuf}s, {@link
 * io.gmgw.sslvpn.channel.SecureChannelEvent} and {@link io.gmgw.sslvpn.channel.SecureSession#ATTRIBUTE}).
 *
 * <p>Give it to a {@code ServerBootstrap} as its child handler. The configurations are shared by every connection;
 * to change them (a CRL reload, new certificates) make a new initializer for new connections.
 */
public final class SecureChannelInitializer extends ChannelInitializer<Channel> {
    private final TlcpConfig tlcp;
    private final TlsServerConfig tls;
    private final HandshakeRateLimitHandler rateLimit;
    private final Consumer<Channel> above;
    private final Duration sniffTimeout;
    private final RateLimitedLog refusals;

    /**
     * @param tlcp the TLCP server configuration, or null when the port offers TLS only
     * @param tls the TLS server configuration, or null when the port offers TLCP only
     * @param limiter the per-source handshake limiter (global limits then at {@link
     *     HandshakeAdmission.Limits#DEFAULTS}), or null for no admission limits
     * @param above adds the layer above to a new connection's pipeline (called once per connection, after the
     *     secure-channel handlers, on the connection's event loop)
     */
    public SecureChannelInitializer(TlcpConfig tlcp, TlsServerConfig tls, HandshakeRateLimiter limiter,
            Consumer<Channel> above) {
        this(tlcp, tls, limiter, above, ProtocolSniffer.DEFAULT_TIMEOUT);
    }

    public SecureChannelInitializer(TlcpConfig tlcp, TlsServerConfig tls, HandshakeRateLimiter limiter,
            Consumer<Channel> above, Duration sniffTimeout) {
        this(tlcp, tls, limiter == null ? null : HandshakeAdmission.withDefaults(limiter), above, sniffTimeout);
    }

    /**
     * A listener with every admission limit given (per source, global rate, unauthenticated cap: the gateway's
     * {@code rate-limit} section), or none when {@code admission} is null. A factory rather than a constructor, so
     * that {@code null} for the limiter stays unambiguous in the constructors.
     */
    public static SecureChannelInitializer withAdmission(TlcpConfig tlcp, TlsServerConfig tls,
            HandshakeAdmission admission, Consumer<Channel> above, Duration sniffTimeout) {
        return new SecureChannelInitializer(tlcp, tls, admission, above, sniffTimeout);
    }

    private SecureChannelInitializer(TlcpConfig tlcp, TlsServerConfig tls, HandshakeAdmission admission,
            Consumer<Channel> above, Duration sniffTimeout) {
        if (tlcp == null && tls == null) {
            throw new IllegalArgumentException("the gateway's port needs TLCP or TLS (or both) configured");
        }
        if (tlcp != null && !tlcp.isServer()) {
            throw new IllegalArgumentException("the TLCP configuration of a listener must be a server's");
        }
        this.tlcp = tlcp;
        this.tls = tls;
        this.rateLimit = admission == null ? null : new HandshakeRateLimitHandler(admission);
        this.above = Objects.requireNonNull(above, "the layer above");
        this.sniffTimeout = sniffTimeout;
        this.refusals = new RateLimitedLog(LoggerFactory.getLogger("sslvpn"), System::nanoTime,
                TimeUnit.SECONDS.toNanos(10));
    }

    @Override
    protected void initChannel(Channel ch) {
        if (rateLimit != null) {
            ch.pipeline().addLast("rate-limit", rateLimit);
        }
        ch.pipeline().addLast("sniffer", new ProtocolSniffer(
                tlcp == null ? null : () -> TlcpHandler.server(tlcp, false),
                tls == null ? null : () -> new TlsHandler(tls), sniffTimeout, refusals));
        if (rateLimit != null) {
            // After the sniffer, so after the secure-channel handler that replaces it: SecureChannelEvent is fired
            // from there towards the tail, and the slot must come back before the layer above gets the event.
            ch.pipeline().addLast("handshake-end", HandshakeEndHandler.INSTANCE);
        }
        above.accept(ch);
    }
}
