package io.gmgw.gateway.control;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * Newline-delimited lines over a stream socket, with a bound on a line's length and a deadline on every read and
 * write: the framing both ends of the control socket use. Non-blocking underneath with a selector of its own, so a
 * silent or slow peer costs a timeout, never a stuck thread. Not thread-safe: one reader and writer at a time.
 */
final class LineChannel implements AutoCloseable {
    /** A line longer than the bound: the peer is not speaking this protocol, or misbehaves. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int max) {
            super("line longer than " + max + " bytes");
        }
    }

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final int maxLine;
    private ByteBuffer buffer;
    private int scanned;

    /** @param maxLine the longest line accepted, line end excluded */
    LineChannel(SocketChannel channel, int maxLine) throws IOException {
        this.channel = channel;
        this.maxLine = maxLine;
        this.buffer = ByteBuffer.allocate(Math.min(8192, maxLine + 1));
        channel.configureBlocking(false);
        this.selector = Selector.open();
        try {
            this.key = channel.register(selector, 0);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    SocketChannel channel() {
        return channel;
    }

    /**
     * The next line without its end ({@code \n}, and a {@code \r} before it), or null when the peer closed the
     * connection between lines.
     *
     * @throws LineTooLongException   when more than the bound came without a line end
     * @throws SocketTimeoutException when the deadline ({@link System#nanoTime()}) passed first
     * @throws EOFException           when the peer closed in the middle of a line
     */
    byte[] readLine(long deadlineNanos) throws IOException {
        while (true) {
            for (int i = scanned; i < buffer.position(); i++) {
                if (buffer.get(i) == '\n') {
                    int end = i > 0 && buffer.get(i - 1) == '\r' ? i - 1 : i;
                    byte[] line = Arrays.copyOf(buffer.array(), end);
                    buffer.flip().position(i + 1);
                    buffer.compact();
                    scanned = 0;
                    return line;
                }
            }
            scanned = buffer.position();
            if (buffer.position() > maxLine) {
                throw new LineTooLongException(maxLine);
            }
            if (!buffer.hasRemaining()) {
                buffer = ByteBuffer.allocate(Math.min(buffer.capacity() * 2, maxLine + 1)).put(buffer.flip());
            }
            int n = channel.read(buffer);
            if (n < 0) {
                if (buffer.position() == 0) {
                    return null;
                }
                throw new EOFException("the peer closed the connection in the middle of a line");
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, deadlineNanos);
            }
        }
    }

    /** Writes {@code line} and a line end, all of it before the deadline. */
    void writeLine(byte[] line, long deadlineNanos) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                await(SelectionKey.OP_WRITE, deadlineNanos);
            }
        }
    }

    private void await(int operation, long deadlineNanos) throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("no " + (operation == SelectionKey.OP_READ ? "request or reply"
                    : "progress writing") + " within the time allowed");
        }
        try {
            key.interestOps(operation);
            selector.selectedKeys().clear();
            selector.select(Math.max(1, left / 1_000_000));
            key.interestOps(0);
        } catch (CancelledKeyException e) {
            // the channel was closed from another thread (the server stopping)
            throw new ClosedChannelException();
        }
    }

    /**
     * Ends the connection after a last reply that closes it: the peer reads that reply and then the end of the
     * stream, and what it still sends is read and dropped (at most {@code maxDiscard} bytes, until the deadline), so
     * the peer does not lose the reply to a connection reset (a Unix socket closed with unread data resets its peer).
     */
    void finish(long deadlineNanos, int maxDiscard) throws IOException {
        channel.shutdownOutput();
        ByteBuffer sink = ByteBuffer.allocate(8192);
        long discarded = 0;
        while (discarded < maxDiscard) {
            sink.clear();
            int n = channel.read(sink);
            if (n < 0) {
                return;
            }
            discarded += n;
            if (n == 0) {
                try {
                    await(SelectionKey.OP_READ, deadlineNanos);
                } catch (SocketTimeoutException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
