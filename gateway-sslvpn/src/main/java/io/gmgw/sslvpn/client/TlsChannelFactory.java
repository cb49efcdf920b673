package io.gmgw.sslvpn.client;

import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.tls.TlsSecureSession;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The secure channel over TLS (1.3 or 1.2), for TLS-only gateways such as ocserv: Netty's {@link SslHandler} on an
 * {@link SslContext} the caller built (trust anchors, client certificate). The server's certificate must name
 * {@code serverName} as HTTPS clients check it (null turns the check off). Sessions are resumed through the context's cache,
 * keyed by host and port. Each write is wrapped when it is flushed, and the tunnel flushes every frame, so each CSTP
 * frame gets its own record (cstp.md §5).
 */
public final class TlsChannelFactory implements SecureChannelFactory {
    private final EventLoopGroup group;
    private final SslContext context;
    private final Duration connectTimeout;
    private final String serverName;

    public TlsChannelFactory(EventLoopGroup group, SslContext context, Duration connectTimeout, String serverName) {
        if (!context.isClient()) {
            throw new IllegalArgumentException("a client SslContext is needed");
        }
        this.group = Objects.requireNonNull(group, "group");
        this.context = context;
        this.connectTimeout = connectTimeout;
        this.serverName = serverName;
    }

    @Override
    public ChannelFuture open(VpnUrl url, ChannelHandler application) {
        return GatewayConnector.connect(group, connectTimeout, url, ch -> {
            // the peer host names the session for resumption, SNI and the HTTPS name check
            SslHandler tls = context.newHandler(ch.alloc(), serverName != null ? serverName : url.host(), url.port());
            tls.setHandshakeTimeout(connectTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (serverName != null) {
                SSLEngine engine = tls.engine();
                SSLParameters p = engine.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(p);
            }
            ch.pipeline().addLast("tls", tls).addLast("secure-session", new TlsSessionBridge(tls))
                    .addLast("application", application);
        });
    }

    @Override
    public String protocolName() {
        return "TLS";
    }

    /** Turns Netty's handshake event into the channel-neutral {@link SecureChannelEvent}. */
    static final class TlsSessionBridge extends ChannelInboundHandlerAdapter {
        private final SslHandler tls;
        /** JSSE's clock (wall time) when this connection began: a session created before it was resumed. */
        private final long began = System.currentTimeMillis();

        TlsSessionBridge(SslHandler tls) {
            this.tls = tls;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent e) {
                if (!e.isSuccess()) {
                    ctx.fireUserEventTriggered(SecureChannelEvent.failed(e.cause()));
                } else {
                    SecureSession s = sessionOf(tls.engine().getSession(), began);
                    ctx.channel().attr(SecureSession.ATTRIBUTE).set(s);
                    ctx.fireUserEventTriggered(SecureChannelEvent.established(s));
                }
                return;
            }
            super.userEventTriggered(ctx, evt);
        }
    }

    /**
     * A JSSE session as the tunnel layer's {@link SecureSession}: the same {@link TlsSecureSession} the gateway's TLS
     * handler gives.
     */
    static TlsSecureSession sessionOf(SSLSession s, long connectionBegan) {
        List<X509CertificateHolder> peers = new ArrayList<>();
        try {
            for (Certificate c : s.getPeerCertificates()) {
                peers.add(new X509CertificateHolder(c.getEncoded()));
            }
        } catch (SSLPeerUnverifiedException e) {
            // no certificates to show
        } catch (CertificateEncodingException | IOException e) {
            throw new IllegalStateException("a verified certificate no longer encodes", e);
        }
        // JSSE does not say whether it resumed; a session older than this connection was
        boolean resumed = s.getCreationTime() < connectionBegan;
        return new TlsSecureSession(s.getProtocol(), s.getCipherSuite(), s.getId(), resumed,
                Instant.ofEpochMilli(s.getLastAccessedTime()), peers);
    }
}
