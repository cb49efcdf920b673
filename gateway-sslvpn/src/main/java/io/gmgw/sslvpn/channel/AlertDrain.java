package io.gmgw.sslvpn.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * How a secure-channel handler (TLCP or TLS) ends a connection after a fatal alert it sent, so that the peer reads the
 * alert: closing a socket whose input still holds unread data (the rest of the peer's flight, or data it keeps
 * sending) makes the kernel answer with a reset, which can overtake the alert, and the peer then reports a broken pipe
 * or a reset instead of the alert. So: flush the alert, shut our output down (the peer reads the alert, then end of
 * stream), read and drop what the peer still sends until it closes its side, for at most {@code millis} (a timer on
 * the event loop) and {@code bytes}, then close. On a channel that is not a socket it closes at once.
 *
 * <p>One instance per handler; used on the channel's event loop only.
 */
public final class AlertDrain {
    /** How long the peer's remaining data is read and dropped before the close... */
    public static final long DEFAULT_MILLIS = 2_000;
    /** ...and how much of it, at most. */
    public static final long DEFAULT_BYTES = 256 * 1024;

    private final long millis;
    private final long bytes;
    private boolean draining;
    private long drained;
    private ScheduledFuture<?> timer;

    public AlertDrain() {
        this(DEFAULT_MILLIS, DEFAULT_BYTES);
    }

    public AlertDrain(long millis, long bytes) {
        this.millis = millis;
        this.bytes = bytes;
    }

    public boolean isDraining() {
        return draining;
    }

    /** Starts the drain once {@code lastWrite} (the alert; null when nothing is pending) has gone out. */
    public void start(ChannelHandlerContext ctx, ChannelFuture lastWrite) {
        ctx.flush();
        if (lastWrite != null && !lastWrite.isDone()) {
            lastWrite.addListener(f -> drain(ctx));
        } else {
            drain(ctx);
        }
    }

    private void drain(ChannelHandlerContext ctx) {
        if (!(ctx.channel() instanceof DuplexChannel duplex) || !duplex.isActive()) {
            ctx.close(); // not a socket (an embedded channel): no kernel to reset anything
            return;
        }
        draining = true;
        timer = ctx.executor().schedule(() -> ctx.close(), millis, TimeUnit.MILLISECONDS);
        duplex.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            }
        });
        duplex.config().setAutoRead(true);
        ctx.read();
    }

    /** Drops input that arrives when nothing more is read from the peer; closes once the byte bound is passed. */
    public void discard(ChannelHandlerContext ctx, ByteBuf input) {
        drained += input.readableBytes();
        input.release();
        if (drained > bytes) {
            ctx.close();
        }
    }

    /**
     * Closes when the peer has finished sending while we drain (nothing is left unread to provoke a reset).
     *
     * @return whether the event was that end of input, taken here
     */
    public boolean inputShutdown(ChannelHandlerContext ctx, Object event) {
        if (draining && event instanceof ChannelInputShutdownEvent) {
            ctx.close();
            return true;
        }
        return false;
    }

    /** Stops the timer (the channel closed). */
    public void cancel() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
