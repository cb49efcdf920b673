package io.gmgw.sslvpn.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test client's plaintext above its secure channel: one entry per read (one record each, as the gateway sends one
 * CSTP frame per record, cstp.md §5), read back as an HTTP reply during login and CONNECT, then record by record.
 */
public final class PlaintextReads extends ChannelInboundHandlerAdapter {
    /** Completes when the connection closes. */
    public final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final BlockingQueue<byte[]> reads = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream http = new ByteArrayOutputStream();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf b = (ByteBuf) msg;
        try {
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            reads.add(a);
        } finally {
            b.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed.complete(null);
    }

    /** Reads until one whole HTTP reply head (and its Content-Length body) is in. */
    public String httpReply() throws InterruptedException {
        while (true) {
            String text = http.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end > 0) {
                Matcher m = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text.substring(0, end));
                int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
                if (text.length() >= end + 4 + length) {
                    return text.substring(0, end + 4 + length);
                }
            }
            byte[] next = reads.poll(20, TimeUnit.SECONDS);
            assertNotNull(next, "no HTTP reply from the gateway");
            http.writeBytes(next);
        }
    }

    /** The next record's plaintext: after CONNECT, one CSTP frame (type and payload). */
    public byte[] record() throws InterruptedException {
        byte[] r = reads.poll(20, TimeUnit.SECONDS);
        assertNotNull(r, "no record from the gateway");
        return r;
    }
}
