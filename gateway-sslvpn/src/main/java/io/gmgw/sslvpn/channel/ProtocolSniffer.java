package io.gmgw.sslvpn.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Tells TLCP from TLS on one port by the first record's header and puts the matching handler in its own place, so
 * that the layer above sees plaintext and a {@link SecureChannelEvent} whichever protocol the client chose. The
 * header of a ClientHello record (RFC 5246 §6.2.1; GB/T 38636 §6.3.2): content type 22 (handshake), then the record
 * version: 1.1 ({@code 01 01}) is TLCP, 3.1 to 3.4 ({@code 03 01}..{@code 03 04}) is TLS (RFC 8446 §5.1 lets a TLS
 * 1.3 ClientHello say 3.1), then a length of at most 2^14 + 2048. Anything else is refused: plain HTTP gets a short
 * 400 that says to use https, any other bytes just a close; each with a log line (rate limited).
 *
 * <p>Bounded: the decision takes the first five bytes and nothing more is buffered; a client that has not sent them
 * within the time limit is closed. The buffered bytes go to the new handler, as Netty's {@code OptionalSslHandler}
 * does. Either protocol may be off on a listener (its factory null): a client that asks for it is refused.
 */
public final class ProtocolSniffer extends ByteToMessageDecoder {
    /** How long a client may take to send its first record header. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int HEADER = 5;
    private static final int MAX_RECORD = (1 << 14) + 2048;
    private static final int HANDSHAKE = 22;
    private static final byte[] HTTP_400 = ("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 58\r\n\r\n"
            + "This port speaks TLS or TLCP only: connect with https://.\n").getBytes(StandardCharsets.US_ASCII);

    /** Which protocol a first record asks for. */
    public enum Protocol { TLCP, TLS }

    private final Supplier<? extends ChannelHandler> tlcp;
    private final Supplier<? extends ChannelHandler> tls;
    private final Duration timeout;
    private final RateLimitedLog log;
    private ScheduledFuture<?> timer;

    /**
     * @param tlcp makes the TLCP server handler for one connection (null: TLCP is off)
     * @param tls makes the TLS server handler for one connection (null: TLS is off)
     * @param log where refusals are logged, shared by a listener's connections
     */
    public ProtocolSniffer(Supplier<? extends ChannelHandler> tlcp, Supplier<? extends ChannelHandler> tls,
            Duration timeout, RateLimitedLog log) {
        if (tlcp == null && tls == null) {
            throw new IllegalArgumentException("a secure listener needs TLCP or TLS (or both) configured");
        }
        this.tlcp = tlcp;
        this.tls = tls;
        this.timeout = timeout;
        this.log = log;
    }

    /** What the first bytes of a connection say: wait for more, TLCP, TLS, or neither. */
    enum Verdict { MORE, TLCP, TLS, NEITHER }

    static Verdict classify(ByteBuf in) {
        int r = in.readerIndex();
        int n = in.readableBytes();
        if (n == 0) {
            return Verdict.MORE;
        }
        if (in.getUnsignedByte(r) != HANDSHAKE) {
            return Verdict.NEITHER;
        }
        if (n < 3) {
            return Verdict.MORE;
        }
        int major = in.getUnsignedByte(r + 1);
        int minor = in.getUnsignedByte(r + 2);
        Verdict v = major == 1 && minor == 1 ? Verdict.TLCP : major == 3 && minor >= 1 && minor <= 4 ? Verdict.TLS
                : Verdict.NEITHER;
        if (v == Verdict.NEITHER || n < HEADER) {
            return v == Verdict.NEITHER ? v : Verdict.MORE;
        }
        int length = in.getUnsignedShort(r + 3);
        return length == 0 || length > MAX_RECORD ? Verdict.NEITHER : v;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startTimer(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startTimer(ctx);
        super.channelActive(ctx);
    }

    private void startTimer(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> {
                log.warn("connection from " + remote(ctx) + " closed: no TLS or TLCP record header within "
                        + timeout.toSeconds() + " s");
                ctx.close();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        Verdict verdict = classify(in);
        if (verdict == Verdict.NEITHER) {
            refuse(ctx, in);
            return;
        }
        if (verdict == Verdict.MORE) {
            return; // fewer than five bytes so far: wait (the timer bounds how long)
        }
        Protocol p = verdict == Verdict.TLCP ? Protocol.TLCP : Protocol.TLS;
        Supplier<? extends ChannelHandler> factory = p == Protocol.TLCP ? tlcp : tls;
        if (factory == null) {
            log.warn("connection from " + remote(ctx) + " closed: it asks for " + p + ", which this listener does not"
                    + " offer");
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        cancelTimer();
        // The bytes read so far go to the new handler when this one leaves (ByteToMessageDecoder.handlerRemoved).
        ctx.pipeline().replace(this, "secure-channel", factory.get());
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in) {
        boolean http = looksLikeHttp(in);
        String first = io.netty.buffer.ByteBufUtil.hexDump(in, in.readerIndex(), Math.min(in.readableBytes(), 8));
        in.skipBytes(in.readableBytes());
        cancelTimer();
        if (http) {
            log.warn("connection from " + remote(ctx) + " closed: plain HTTP on the TLS/TLCP port (answered 400)");
            ctx.writeAndFlush(Unpooled.wrappedBuffer(HTTP_400)).addListener(ChannelFutureListener.CLOSE);
        } else {
            log.warn("connection from " + remote(ctx) + " closed: neither TLS nor TLCP (first bytes " + first + ")");
            ctx.close();
        }
    }

    /** An HTTP/1.x request line starts with a method token of upper-case letters (RFC 9110 §9). */
    private static boolean looksLikeHttp(ByteBuf in) {
        int n = Math.min(in.readableBytes(), 8);
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int b = in.getUnsignedByte(in.readerIndex() + i);
            if (b == ' ') {
                return i > 0;
            }
            if (b < 'A' || b > 'Z') {
                return false;
            }
        }
        return n < 8; // a method word still being typed
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.channelInactive(ctx);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static String remote(ChannelHandlerContext ctx) {
        SocketAddress a = ctx.channel().remoteAddress();
        return a == null ? "?" : a.toString();
    }
}
