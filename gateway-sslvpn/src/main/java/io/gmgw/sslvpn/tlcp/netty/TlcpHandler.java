package io.gmgw.sslvpn.tlcp.netty;

import io.gmgw.audit.AuditEventType;
import io.gmgw.sslvpn.tlcp.KeyOperation;
import io.gmgw.sslvpn.tlcp.KeyOperationExecutor;
import io.gmgw.sslvpn.channel.AlertDrain;
import io.gmgw.sslvpn.channel.SecureChannelEvent;
import io.gmgw.sslvpn.channel.SecureSession;
import io.gmgw.sslvpn.tlcp.TlcpConfig;
import io.gmgw.sslvpn.tlcp.TlcpSecureSession;
import io.gmgw.sslvpn.tlcp.TlcpSession;
import io.gmgw.sslvpn.tlcp.engine.TlcpEngine;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty face of a {@link TlcpEngine}: ciphertext {@link ByteBuf}s below, plaintext {@link ByteBuf}s above.
 * Writes made before the handshake finishes wait (bounded); the handshake has a timeout; closing sends close_notify;
 * a fatal alert goes out before the channel closes. One log line per handshake on the {@code tlcp} logger.
 *
 * <p>Key operations of keys that may block (tokens) run on the configuration's {@link KeyOperationExecutor} when it has
 * one, and the handshake resumes on the event loop when they are done; the handshake timeout keeps running meanwhile,
 * and a connection that closes first has the result wiped. Software keys run where the handshake is.
 */
public final class TlcpHandler extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger("tlcp");
    /** Application bytes that may wait for the handshake before writes fail. */
    static final int MAX_PENDING_BYTES = 1 << 20;

    private final TlcpConfig config;
    private final String peerKey;
    private final boolean halfClose;
    private TlcpEngine engine;
    private ChannelHandlerContext ctx;
    private Promise<TlcpSession> handshakeFuture;
    private ScheduledFuture<?> timeout;
    private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
    private int pendingBytes;
    private final List<Object> inbound = new ArrayList<>();
    private final List<byte[]> outbound = new ArrayList<>();
    private boolean started;
    private io.netty.channel.ChannelFuture lastWrite;
    private boolean closing;
    /** We sent a fatal alert: the connection ends through {@link #closeAfterAlert()}, whoever asks to close it. */
    private boolean alertSent;
    /** After a fatal alert: our output is shut down, the peer's input is read and dropped until the close. */
    private AlertDrain drain = new AlertDrain();

    private record PendingWrite(ByteBuf data, ChannelPromise promise) {
    }

    /** A server handler; {@code halfClose} keeps the channel open after the peer's close_notify. */
    public static TlcpHandler server(TlcpConfig config, boolean halfClose) {
        return new TlcpHandler(config, null, halfClose);
    }

    /** A client handler; {@code peerKey} ("host:port") keys the session cache. */
    public static TlcpHandler client(TlcpConfig config, String peerKey, boolean halfClose) {
        return new TlcpHandler(config, peerKey, halfClose);
    }

    private TlcpHandler(TlcpConfig config, String peerKey, boolean halfClose) {
        this.config = config;
        this.peerKey = peerKey;
        this.halfClose = halfClose;
    }

    /** Completes with the session when the handshake succeeds, or fails with its alert. */
    public Future<TlcpSession> handshakeFuture() {
        return handshakeFuture;
    }

    public TlcpSession session() {
        return engine == null ? null : engine.session();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.handshakeFuture = ctx.executor().newPromise();
        TlcpEngine.Listener listener = new Listener();
        this.engine = config.isServer() ? TlcpEngine.server(config, listener)
                : TlcpEngine.client(config, listener, peerKey);
        if (ctx.channel().isActive()) {
            startHandshake();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startHandshake();
        ctx.fireChannelActive();
    }

    private void startHandshake() {
        if (started) {
            return;
        }
        started = true;
        timeout = ctx.executor().schedule(this::handshakeTimedOut, config.handshakeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        if (run(() -> engine.start())) {
            writeOutbound(ctx.newPromise());
            ctx.flush();
        }
    }

    private void handshakeTimedOut() {
        if (engine.status() != TlcpEngine.Status.HANDSHAKING) {
            return;
        }
        KeyOperation waitingFor = engine.pendingKeyOperation();
        String state = engine.handshakeState() + (waitingFor == null ? "" : " (" + waitingFor.description() + ")");
        engine.fail(AlertDescription.HANDSHAKE_FAILURE);
        writeOutbound(ctx.newPromise());
        fail(new TlcpAlertException(AlertDescription.HANDSHAKE_FAILURE, "handshake timed out after "
                + config.handshakeTimeout().toSeconds() + " s waiting in state " + state));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (drain.isDraining()) {
            drain.discard(ctx, buf);
            return;
        }
        boolean ok;
        int n = buf.readableBytes();
        if (buf.hasArray()) {
            try {
                byte[] array = buf.array();
                int off = buf.arrayOffset() + buf.readerIndex();
                ok = run(() -> engine.receive(array, off, n));
            } finally {
                buf.release();
            }
        } else {
            // Netty reads into direct buffers; their bytes are copied into a per-thread array rather than a new one
            // per read (the engine keeps no reference to its input, and these bytes are records as they came off
            // the network, nothing secret).
            ReadBuffer lender = READ_BUFFER.get();
            byte[] array = lender.borrow(n);
            try {
                try {
                    buf.getBytes(buf.readerIndex(), array, 0, n);
                } finally {
                    buf.release();
                }
                ok = run(() -> engine.receive(array, 0, n));
            } finally {
                lender.giveBack(array);
            }
        }
        if (ok) {
            writeOutbound(ctx.newPromise());
        }
        deliverInbound();
    }

    /** Hands on what the engine decrypted (and close_notify after it), in order. */
    private void deliverInbound() {
        List<Object> received = new ArrayList<>(inbound);
        inbound.clear();
        for (Object o : received) {
            if (o instanceof TlcpCloseNotifyEvent event) {
                closeNotified(event);
            } else {
                ctx.fireChannelRead(o);
            }
        }
    }

    /** After the data that came before it: tell the application, then answer and close unless half-closing. */
    private void closeNotified(TlcpCloseNotifyEvent event) {
        ctx.fireUserEventTriggered(event);
        if (!halfClose || engine.isOutboundClosed()) {
            if (!engine.isOutboundClosed() && engine.status() == TlcpEngine.Status.ESTABLISHED) {
                engine.closeOutbound();
            }
            writeOutbound(ctx.newPromise());
            flushAndClose(ctx.newPromise());
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
        if (engine.status() == TlcpEngine.Status.HANDSHAKING) {
            if (pendingBytes + buf.readableBytes() > MAX_PENDING_BYTES) {
                buf.release();
                promise.setFailure(new IllegalStateException("more than " + MAX_PENDING_BYTES
                        + " bytes written before the TLCP handshake finished"));
                return;
            }
            pendingBytes += buf.readableBytes();
            pending.add(new PendingWrite(buf, promise));
            return;
        }
        if (engine.status() == TlcpEngine.Status.CLOSED || engine.isOutboundClosed()) {
            buf.release();
            promise.setFailure(new IllegalStateException("the TLCP connection is closed for writing"));
            return;
        }
        encrypt(buf, promise);
    }

    private void encrypt(ByteBuf buf, ChannelPromise promise) {
        boolean ok;
        try {
            int n = buf.readableBytes();
            byte[] data;
            int off;
            if (buf.hasArray()) {
                // sealed straight from the heap buffer's array (the engine only reads it, and keeps no reference)
                data = buf.array();
                off = buf.arrayOffset() + buf.readerIndex();
            } else {
                data = new byte[n];
                off = 0;
                buf.getBytes(buf.readerIndex(), data);
            }
            ok = run(() -> engine.send(data, off, n));
        } finally {
            buf.release();
        }
        if (ok) {
            writeOutbound(promise);
        } else {
            promise.tryFailure(new IllegalStateException("the TLCP connection failed"));
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (alertSent) {
            // An application closing on the failure it was told about: the close happens once the peer has had the
            // alert (closeAfterAlert), and this promise completes then.
            ctx.channel().closeFuture().addListener(f -> promise.trySuccess());
            return;
        }
        if (closing) {
            ctx.close(promise);
            return;
        }
        closing = true;
        if (engine.status() == TlcpEngine.Status.ESTABLISHED && !engine.isOutboundClosed()) {
            engine.closeOutbound();
        }
        failPending(() -> new IllegalStateException("the channel was closed before the TLCP handshake finished"));
        writeOutbound(ctx.newPromise());
        flushAndClose(promise);
    }

    /**
     * Sends close_notify but keeps reading until the peer's close_notify (half-close of our direction). On a
     * connection already gone nothing is sent and nothing is recorded as sent, so a peer that dropped the connection
     * first is still reported as a truncation before our close_notify.
     */
    public void closeOutbound() {
        if (ctx.channel().isActive() && engine.status() == TlcpEngine.Status.ESTABLISHED
                && !engine.isOutboundClosed()) {
            engine.closeOutbound();
            writeOutbound(ctx.newPromise());
            ctx.flush();
        }
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
        if (timeout != null) {
            timeout.cancel(false);
        }
        drain.cancel();
        if (engine.status() == TlcpEngine.Status.HANDSHAKING) {
            fail(new TlcpAlertException(AlertDescription.HANDSHAKE_FAILURE,
                    "the peer closed the connection during the handshake (state " + engine.handshakeState() + ")"));
        }
        failPending(() -> new IllegalStateException("the connection closed before the TLCP handshake finished"));
        if (!closing && engine.status() == TlcpEngine.Status.ESTABLISHED && !engine.isInboundClosed()) {
            TlcpTruncationEvent truncated = new TlcpTruncationEvent(remote(), engine.isOutboundClosed());
            LOG.info("{}: {}", role(), truncated.message());
            ctx.fireUserEventTriggered(truncated);
        }
        engine.close();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (handshakeFuture != null && !handshakeFuture.isDone()) {
            handshakeFuture.tryFailure(new IllegalStateException("the TLCP handler was removed from the pipeline"
                    + " before the handshake finished"));
        }
        failPending(() -> new IllegalStateException("the TLCP handler was removed"));
        for (Object o : inbound) {
            io.netty.util.ReferenceCountUtil.release(o);
        }
        inbound.clear();
        if (engine != null) {
            engine.close();
        }
    }

    /**
     * Takes a key operation off the event loop when the key may block and an executor is configured. A full executor
     * refuses it; the refusal, like the result, reaches the handshake as a task on the event loop (never from inside
     * the engine call that handed the operation out).
     */
    private boolean delegate(KeyOperation operation) {
        KeyOperationExecutor executor = config.keyOperationExecutor();
        if (executor == null || !operation.mayBlock()) {
            return false;
        }
        EventExecutor loop = ctx.executor();
        if (!executor.trySubmit(() -> runKeyOperation(operation, loop))) {
            loop.execute(() -> keyOperationRefused(operation, executor));
        }
        return true;
    }

    /** On a worker thread: runs the operation, then hands it back to the event loop. */
    private void runKeyOperation(KeyOperation operation, EventExecutor loop) {
        Throwable failure = null;
        try {
            operation.run(); // keeps a failure of the key for the engine; anything else is caught here
        } catch (Throwable t) {
            failure = t;
        }
        Throwable f = failure;
        try {
            loop.execute(() -> keyOperationFinished(operation, f));
        } catch (RejectedExecutionException e) {
            // The event loop has shut down, and the channel with it: the engine wiped the result when it closed.
        }
    }

    /** On the event loop: continues the handshake, unless the connection ended while the operation ran. */
    private void keyOperationFinished(KeyOperation operation, Throwable failure) {
        if (engine.pendingKeyOperation() != operation) {
            return; // closed, timed out or removed meanwhile; the engine discarded (wiped) the result
        }
        if (failure != null || !operation.isDone()) {
            TlcpAlertException e = new TlcpAlertException(AlertDescription.INTERNAL_ERROR,
                    operation.description() + " failed: " + failure, failure);
            engine.fail(e.alert());
            writeOutbound(ctx.newPromise());
            fail(e);
            return;
        }
        if (run(engine::resume)) {
            writeOutbound(ctx.newPromise());
        }
        deliverInbound();
        ctx.flush();
    }

    private void keyOperationRefused(KeyOperation operation, KeyOperationExecutor executor) {
        if (engine.pendingKeyOperation() != operation) {
            return;
        }
        TlcpAlertException e = new TlcpAlertException(AlertDescription.INTERNAL_ERROR, "the key-operation executor is"
                + " full (" + executor.limit() + " operations running or waiting), so the " + operation.description()
                + " was refused: the key cannot keep up with the handshakes; give the executor more threads or a"
                + " longer queue, or limit the handshake rate");
        engine.fail(e.alert());
        writeOutbound(ctx.newPromise());
        fail(e);
    }

    /** Runs an engine call; on a fatal alert, sends what the engine queued and closes the channel. */
    private boolean run(Runnable call) {
        try {
            call.run();
            return true;
        } catch (TlcpAlertException e) {
            writeOutbound(ctx.newPromise());
            fail(e);
            return false;
        }
    }

    private void writeOutbound(ChannelPromise promise) {
        if (outbound.isEmpty()) {
            promise.trySuccess();
            return;
        }
        ByteBuf out;
        if (outbound.size() == 1) {
            out = Unpooled.wrappedBuffer(outbound.get(0));
        } else {
            CompositeByteBuf c = Unpooled.compositeBuffer(outbound.size());
            for (byte[] b : outbound) {
                c.addComponent(true, Unpooled.wrappedBuffer(b));
            }
            out = c;
        }
        outbound.clear();
        lastWrite = ctx.write(out, promise);
    }

    /** Flushes, then closes once the last write (an alert or close_notify) has gone out. */
    private void flushAndClose(ChannelPromise closePromise) {
        closing = true;
        ctx.flush();
        if (lastWrite != null && !lastWrite.isDone()) {
            lastWrite.addListener(f -> ctx.close(closePromise));
        } else {
            ctx.close(closePromise);
        }
    }

    private void fail(TlcpAlertException e) {
        alertSent = !e.fromPeer();
        boolean duringHandshake = !handshakeFuture.isDone();
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (duringHandshake) {
            LOG.warn("{} handshake with {} failed: {} {}: {}", role(), remote(), e.fromPeer() ? "received" : "sent",
                    e.alert().display(), e.getMessage());
            auditFailedHandshake(e);
            handshakeFuture.tryFailure(e);
            announce(null, e);
        } else {
            LOG.warn("{} connection with {} ended: {} {}: {}", role(), remote(),
                    e.fromPeer() ? "received" : "sent", e.alert().display(), e.getMessage());
            ctx.fireExceptionCaught(e);
        }
        failPending(() -> e);
        if (e.fromPeer()) {
            flushAndClose(ctx.newPromise());
        } else {
            closeAfterAlert();
        }
    }

    /** Ends the connection after a fatal alert we sent so that the peer reads the alert ({@link AlertDrain}). */
    private void closeAfterAlert() {
        closing = true;
        drain.start(ctx, lastWrite);
    }

    /** Other bounds for the drain after a fatal alert (tests). */
    TlcpHandler alertDrain(long millis, long bytes) {
        this.drain = new AlertDrain(millis, bytes);
        return this;
    }

    /** Fails the writes held back during the handshake; the exception is made only when there is one to fail. */
    private void failPending(Supplier<? extends Throwable> cause) {
        if (pending.isEmpty()) {
            return;
        }
        Throwable t = cause.get();
        while (!pending.isEmpty()) {
            PendingWrite w = pending.poll();
            w.data.release();
            w.promise.tryFailure(t);
        }
        pendingBytes = 0;
    }

    /**
     * Records an established session ({@code tlcp.handshake}, with the peer's signing certificate); false, after
     * closing the connection, when it cannot be recorded: a session that leaves no record is not let through.
     */
    private boolean auditHandshake(TlcpSession session) {
        if (config.audit() == null) {
            return true;
        }
        try {
            var peer = session.peerSigningCertificate();
            config.audit().success(AuditEventType.TLCP_HANDSHAKE)
                    .subject(peer == null ? null : peer.subject().toString()).object(remote())
                    .correlate("session", session.sessionIdHex())
                    .correlate("peerSerial", peer == null ? null : peer.serialHex())
                    .detail("role", config.isServer() ? "server" : "client")
                    .detail("suite", session.suite().tlcpName()).detail("resumed", session.resumed())
                    .detail("peerEncryption", session.peerEncryptionCertificate() == null ? null
                            : session.peerEncryptionCertificate().serialHex())
                    .write();
            return true;
        } catch (RuntimeException e) {
            LOG.error("{} handshake with {} refused: it cannot be recorded in the audit log ({})", role(), remote(),
                    e.getMessage());
            TlcpAlertException refused = new TlcpAlertException(AlertDescription.INTERNAL_ERROR,
                    "the handshake cannot be recorded in the audit log: " + e.getMessage());
            refused.addSuppressed(e);
            handshakeFuture.tryFailure(refused);
            announce(null, refused);
            closing = true;
            ctx.close();
            return false;
        }
    }

    /** Records a failed handshake with the alert and why; a failure to record it is logged (the connection is gone). */
    private void auditFailedHandshake(TlcpAlertException e) {
        if (config.audit() == null) {
            return;
        }
        try {
            config.audit().failure(AuditEventType.TLCP_HANDSHAKE, e.getMessage()).object(remote())
                    .detail("role", config.isServer() ? "server" : "client")
                    .detail("alert", e.alert().name().toLowerCase(java.util.Locale.ROOT))
                    .detail("alertCode", e.alert().code()).detail("alertFrom", e.fromPeer() ? "peer" : "us")
                    .detail("state", engine.handshakeState()).write();
        } catch (RuntimeException failure) {
            LOG.error("{} failed handshake with {} not recorded in the audit log: {}", role(), remote(),
                    failure.getMessage());
        }
    }

    /**
     * Tells the layers above how the handshake ended: the TLCP event, then the protocol-neutral one (with the session
     * set on the channel first), so that the tunnel layer never needs to know it got TLCP.
     */
    private void announce(TlcpSession session, Throwable cause) {
        ctx.fireUserEventTriggered(new TlcpHandshakeCompletionEvent(session, cause));
        if (session != null) {
            SecureSession secure = TlcpSecureSession.of(session);
            ctx.channel().attr(SecureSession.ATTRIBUTE).set(secure);
            ctx.fireUserEventTriggered(SecureChannelEvent.established(secure));
        } else {
            ctx.fireUserEventTriggered(SecureChannelEvent.failed(cause));
        }
    }

    private String role() {
        return config.isServer() ? "TLCP server" : "TLCP client";
    }

    private String remote() {
        SocketAddress a = ctx.channel().remoteAddress();
        return a == null ? "?" : a.toString();
    }

    private final class Listener implements TlcpEngine.Listener {
        @Override
        public void networkOutput(byte[] bytes) {
            outbound.add(bytes);
        }

        @Override
        public void applicationData(byte[] data, int off, int len) {
            inbound.add(Unpooled.wrappedBuffer(data, off, len));
        }

        @Override
        public void handshakeComplete(TlcpSession session) {
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (config.isServer() ? LOG.isInfoEnabled() : LOG.isDebugEnabled()) {
                var peerCert = session.peerSigningCertificate();
                String message = "{} handshake ok peer={} suite={} session={} resumed={} peer-certificate={}";
                Object[] args = {role(), remote(), session.suite().tlcpName(), session.sessionIdHex(),
                        session.resumed(),
                        peerCert == null ? "none" : peerCert.subject() + " serial " + peerCert.serialHex()};
                if (config.isServer()) {
                    LOG.info(message, args);
                } else {
                    LOG.debug(message, args);
                }
            }
            if (!auditHandshake(session)) {
                return;
            }
            handshakeFuture.trySuccess(session);
            announce(session, null);
            writeOutbound(ctx.newPromise());
            while (!pending.isEmpty()) {
                PendingWrite w = pending.poll();
                pendingBytes -= w.data.readableBytes();
                encrypt(w.data, w.promise);
            }
            ctx.flush();
        }

        @Override
        public void closeNotifyReceived() {
            inbound.add(new TlcpCloseNotifyEvent());
        }

        @Override
        public boolean delegate(KeyOperation operation) {
            return TlcpHandler.this.delegate(operation);
        }
    }

    /** The per-thread array reads are copied into; see {@link ReadBuffer}. */
    private static final FastThreadLocal<ReadBuffer> READ_BUFFER = new FastThreadLocal<>() {
        @Override
        protected ReadBuffer initialValue() {
            return new ReadBuffer();
        }
    };

    /**
     * One array per event-loop thread for the bytes of a read, lent to one call at a time: a read that arrives while
     * it is lent (a pipeline on the same thread fed synchronously from inside another's handshake events) gets a new
     * array, as does one over {@link #MAX_LENT} bytes, so the array never grows past that.
     */
    static final class ReadBuffer {
        static final int MAX_LENT = 256 * 1024;
        private byte[] array = new byte[0];
        private boolean lent;

        byte[] borrow(int length) {
            if (lent || length > MAX_LENT) {
                return new byte[length];
            }
            if (array.length < length) {
                array = new byte[Math.max(length, Math.min(MAX_LENT, 2 * array.length))];
            }
            lent = true;
            return array;
        }

        void giveBack(byte[] borrowed) {
            if (borrowed == array) {
                lent = false;
            }
        }
    }
}
