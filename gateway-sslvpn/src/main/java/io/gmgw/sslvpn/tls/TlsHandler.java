package io.gmgw.sslvpn.tls;

import io.gmgw.sslvpn.channel.AlertDrain;
import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.SocketAddress;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsServerProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty face of a TLS server connection: Bouncy Castle's {@link TlsServerProtocol} in non-blocking mode
 * (ciphertext in, ciphertext and plaintext out, no I/O of its own) with ciphertext {@link ByteBuf}s below and
 * plaintext {@link ByteBuf}s above.
 *
 * <p>Each written buffer is sealed on its own, so its bytes go out in records that hold nothing else: never two
 * writes in one record. Netty's SslHandler merges queued writes into one record, which openconnect rejects when the
 * writes were CSTP frames (cstp.md §5: one frame per record); that is why this handler exists. Writes made before the
 * handshake ends wait (bounded). The handshake has a timeout; closing sends close_notify; after a fatal alert we
 * sent, the peer's remaining input is drained briefly so that the alert is read rather than overtaken by a reset.
 * On success the channel gets {@link SecureSession#ATTRIBUTE} and a {@link SecureChannelEvent}; on failure the
 * event carries a {@link TlsAlertException}. One log line per handshake on the {@code tls} logger.
 */
public final class TlsHandler extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger("tls");
    /** Application bytes that may wait for the handshake before writes fail. */
    static final int MAX_PENDING_BYTES = 1 << 20;

    private final TlsServerConfig config;
    private final TlsServerProtocol protocol = new TlsServerProtocol();
    private final GatewayTlsServer server;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timeout;
    private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
    private int pendingBytes;
    private boolean started;
    private boolean established;
    private boolean ended;
    private boolean closing;
    private final AlertDrain drain = new AlertDrain();
    private ChannelFuture lastWrite;

    private record PendingWrite(ByteBuf data, ChannelPromise promise) {
    }

    public TlsHandler(TlsServerConfig config) {
        this.config = config;
        this.server = new GatewayTlsServer(config);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws IOException {
        this.ctx = ctx;
        protocol.accept(server); // non-blocking: prepares the server side, sends nothing until the ClientHello
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (!started) {
            started = true;
            timeout = ctx.executor().schedule(this::timedOut, config.handshakeTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void timedOut() {
        if (!established && !ended) {
            fail(new TlsAlertException(AlertDescription.handshake_failure, false, "handshake timed out after "
                    + config.handshakeTimeout().toSeconds() + " s", null), false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (drain.isDraining() || ended) {
            drain.discard(ctx, buf);
            return;
        }
        try {
            int n = buf.readableBytes();
            if (buf.hasArray()) {
                protocol.offerInput(buf.array(), buf.arrayOffset() + buf.readerIndex(), n);
            } else {
                byte[] copy = new byte[n]; // records as they came off the network: nothing secret
                buf.getBytes(buf.readerIndex(), copy);
                protocol.offerInput(copy);
            }
        } catch (IOException e) {
            buf.release();
            deliverInput();
            fail(e, true);
            return;
        }
        buf.release();
        writeOutput(ctx.newPromise());
        if (!established && server.isComplete()) {
            established();
        }
        deliverInput();
        if (protocol.isClosed() && !ended) {
            // the peer's close_notify: Bouncy Castle has queued ours in reply (RFC 8446 §6.1)
            ended = true;
            writeOutput(ctx.newPromise());
            flushAndClose(ctx.newPromise());
        }
    }

    /** Hands the plaintext the engine holds to the layer above, in one buffer per read. */
    private void deliverInput() {
        int available = protocol.getAvailableInputBytes();
        if (available > 0) {
            ByteBuf plain = ctx.alloc().heapBuffer(available);
            int n = protocol.readInput(plain.array(), plain.arrayOffset(), available);
            plain.writerIndex(n);
            ctx.fireChannelRead(plain);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        if (ended || closing) {
            buf.release();
            promise.setFailure(new IllegalStateException("the TLS connection is closed for writing"));
            return;
        }
        if (!established) {
            if (pendingBytes + buf.readableBytes() > MAX_PENDING_BYTES) {
                buf.release();
                promise.setFailure(new IllegalStateException("more than " + MAX_PENDING_BYTES
                        + " bytes written before the TLS handshake finished"));
                return;
            }
            pendingBytes += buf.readableBytes();
            pending.add(new PendingWrite(buf, promise));
            return;
        }
        seal(buf, promise);
    }

    /** This buffer alone, into its own records (one when it fits in 2^14 bytes), written with its promise. */
    private void seal(ByteBuf buf, ChannelPromise promise) {
        try {
            int n = buf.readableBytes();
            if (n == 0) {
                promise.trySuccess();
                return;
            }
            if (buf.hasArray()) {
                protocol.writeApplicationData(buf.array(), buf.arrayOffset() + buf.readerIndex(), n);
            } else {
                byte[] plain = new byte[n];
                buf.getBytes(buf.readerIndex(), plain);
                protocol.writeApplicationData(plain, 0, n);
                java.util.Arrays.fill(plain, (byte) 0); // plaintext copy: not left on the heap
            }
        } catch (IOException e) {
            promise.tryFailure(e);
            fail(e, true);
            return;
        } finally {
            buf.release();
        }
        writeOutput(promise);
    }

    /** Whatever the engine has for the wire, as one buffer: the records of one write, or of one handshake step. */
    private void writeOutput(ChannelPromise promise) {
        int n = protocol.getAvailableOutputBytes();
        if (n == 0) {
            promise.trySuccess();
            return;
        }
        ByteBuf out = ctx.alloc().directBuffer(n);
        protocol.readOutput(out.nioBuffer(0, n), n);
        out.writerIndex(n);
        lastWrite = ctx.write(out, promise);
    }

    private void established() {
        established = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        SecureSession session;
        try {
            session = session();
        } catch (CertificateEncodingException e) {
            fail(new TlsFatalAlert(AlertDescription.internal_error, e), true);
            return;
        }
        X509CertificateHolder peer = session.peerIdentity().orElse(null);
        if (!auditEstablished(session, peer)) {
            return;
        }
        LOG.info("TLS server handshake ok peer={} version={} suite={} peer-certificate={}", remote(),
                session.protocol(), session.cipherSuite(), peer == null ? "none"
                        : peer.getSubject() + " serial " + peer.getSerialNumber().toString(16));
        ctx.channel().attr(SecureSession.ATTRIBUTE).set(session);
        ctx.fireUserEventTriggered(SecureChannelEvent.established(session));
        while (!pending.isEmpty() && !ended) {
            PendingWrite w = pending.poll();
            pendingBytes -= w.data.readableBytes();
            seal(w.data, w.promise);
        }
        ctx.flush();
    }

    private SecureSession session() throws CertificateEncodingException {
        SecurityParameters sp = server.context().getSecurityParametersConnection();
        List<X509CertificateHolder> peer = new ArrayList<>();
        for (X509Certificate c : server.peerChain()) {
            try {
                peer.add(new X509CertificateHolder(c.getEncoded()));
            } catch (IOException e) {
                throw new CertificateEncodingException(e);
            }
        }
        ProtocolVersion v = sp.getNegotiatedVersion();
        String version = ProtocolVersion.TLSv13.equals(v) ? "TLSv1.3" : ProtocolVersion.TLSv12.equals(v) ? "TLSv1.2"
                : v.toString();
        String suite = TlsCipherSuite.byCode(sp.getCipherSuite()).map(Enum::name)
                .orElse("0x%04X".formatted(sp.getCipherSuite()));
        byte[] id = sp.getSessionID() == null ? new byte[0] : sp.getSessionID();
        return new TlsSecureSession(version, suite, id, sp.isResumedSession(), config.clock().instant(), peer);
    }

    /**
     * Ends the connection after a failure: sends what the engine queued (the fatal alert we raised), tells the layer
     * above, closes.
     */
    private void fail(IOException e, boolean alertQueued) {
        if (ended) {
            return;
        }
        ended = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        TlsAlertException failure = describe(e);
        if (alertQueued) {
            writeOutput(ctx.newPromise());
        }
        String what = failure.fromPeer() ? "received" : "sent";
        if (!established) {
            LOG.warn("TLS server handshake with {} failed: {} {}: {}", remote(), what, failure.display(),
                    failure.getMessage());
            auditFailed(failure);
            ctx.fireUserEventTriggered(SecureChannelEvent.failed(failure));
        } else {
            LOG.warn("TLS connection with {} ended: {} {}: {}", remote(), what, failure.display(),
                    failure.getMessage());
            ctx.fireExceptionCaught(failure);
        }
        failPending(failure);
        if (failure.fromPeer()) {
            flushAndClose(ctx.newPromise());
        } else {
            closeAfterAlert();
        }
    }

    private TlsAlertException describe(IOException e) {
        if (e instanceof TlsAlertException t) {
            return t;
        }
        if (e instanceof TlsFatalAlertReceived r) {
            return new TlsAlertException(r.getAlertDescription(), true, "the peer sent the fatal alert "
                    + AlertDescription.getText(r.getAlertDescription()), e);
        }
        short alert = e instanceof TlsFatalAlert f ? f.getAlertDescription()
                : server.alertSent() >= 0 ? server.alertSent() : AlertDescription.internal_error;
        String message = e.getMessage() != null ? e.getMessage()
                : server.alertMessage() != null ? server.alertMessage() : AlertDescription.getText(alert);
        return new TlsAlertException(alert, false, message, e);
    }

    /**
     * Records an established session; false, after closing the connection, when it cannot be recorded: a session
     * that leaves no record is not let through (as TLCP's).
     */
    private boolean auditEstablished(SecureSession session, X509CertificateHolder peer) {
        try {
            TlsHandshakeAudit.established(config.audit(), remote(), session, peer);
            return true;
        } catch (RuntimeException e) {
            LOG.error("TLS server handshake with {} refused: it cannot be recorded in the audit log ({})", remote(),
                    e.getMessage());
            TlsAlertException refused = new TlsAlertException(AlertDescription.internal_error, false,
                    "the handshake cannot be recorded in the audit log: " + e.getMessage(), e);
            ended = true;
            ctx.fireUserEventTriggered(SecureChannelEvent.failed(refused));
            failPending(refused);
            flushAndClose(ctx.newPromise());
            return false;
        }
    }

    private void auditFailed(TlsAlertException failure) {
        try {
            TlsHandshakeAudit.failed(config.audit(), remote(), failure);
        } catch (RuntimeException e) {
            LOG.error("failed TLS handshake with {} not recorded in the audit log: {}", remote(), e.getMessage());
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (drain.isDraining() || closing) {
            ctx.close(promise);
            return;
        }
        closing = true;
        failPending(new IllegalStateException("the channel was closed before the TLS handshake finished"));
        if (established && !ended) {
            ended = true;
            try {
                protocol.close(); // queues close_notify
            } catch (IOException e) {
                LOG.debug("TLS close_notify to {} not sent: {}", remote(), e.toString());
            }
            writeOutput(ctx.newPromise());
        }
        flushAndClose(promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (drain.inputShutdown(ctx, evt)) {
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimers();
        if (!established && !ended) {
            ended = true;
            TlsAlertException gone = new TlsAlertException(AlertDescription.handshake_failure, false,
                    "the peer closed the connection during the handshake", null);
            LOG.info("TLS server handshake with {} failed: {}", remote(), gone.getMessage());
            auditFailed(gone);
            ctx.fireUserEventTriggered(SecureChannelEvent.failed(gone));
        }
        failPending(new IllegalStateException("the connection closed before the TLS handshake finished"));
        discardEngine();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimers();
        failPending(new IllegalStateException("the TLS handler was removed"));
        discardEngine();
    }

    /** Lets the engine drop its keys (Bouncy Castle clears its secrets when the connection closes). */
    private void discardEngine() {
        if (!protocol.isClosed()) {
            try {
                protocol.close();
            } catch (IOException ignored) {
                // the connection is gone: nothing is sent any more
            }
        }
        int left = protocol.getAvailableOutputBytes();
        if (left > 0) {
            protocol.readOutput(new byte[left], 0, left);
        }
    }

    private void cancelTimers() {
        if (timeout != null) {
            timeout.cancel(false);
        }
        drain.cancel();
    }

    private void flushAndClose(ChannelPromise closePromise) {
        closing = true;
        ctx.flush();
        if (lastWrite != null && !lastWrite.isDone()) {
            lastWrite.addListener(f -> ctx.close(closePromise));
        } else {
            ctx.close(closePromise);
        }
    }

    /** After a fatal alert we sent: the peer reads it before the connection ends ({@link AlertDrain}). */
    private void closeAfterAlert() {
        closing = true;
        drain.start(ctx, lastWrite);
    }

    private void failPending(Throwable cause) {
        while (!pending.isEmpty()) {
            PendingWrite w = pending.poll();
            w.data.release();
            w.promise.tryFailure(cause);
        }
        pendingBytes = 0;
    }

    private String remote() {
        SocketAddress a = ctx.channel().remoteAddress();
        return a == null ? "?" : a.toString();
    }
}
