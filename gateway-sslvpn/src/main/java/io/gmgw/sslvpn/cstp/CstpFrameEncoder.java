package io.gmgw.sslvpn.cstp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes each {@link CstpFrame} as ONE buffer (header and payload together), so that the secure channel below, which
 * puts each write in its own record, sends one frame per record: openconnect reads one record and requires its length
 * to be exactly 8 + the frame's payload length (cstp.c), and ocserv drops a session on a mismatch.
 */
@ChannelHandler.Sharable
public final class CstpFrameEncoder extends MessageToMessageEncoder<CstpFrame> {
    public static final CstpFrameEncoder INSTANCE = new CstpFrameEncoder();

    private CstpFrameEncoder() {
        super(CstpFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, CstpFrame frame, List<Object> out) {
        ByteBuf payload = frame.payload();
        int length = payload.readableBytes();
        if (length > 0xffff) {
            throw new CstpProtocolException("a CSTP frame carries at most 65535 bytes, not " + length);
        }
        // On the heap: the next handler is always a secure channel (TlcpHandler, TlsHandler, Netty's SslHandler),
        // and gmgw's seal a record straight from a heap buffer's array, where a direct one is copied into a new
        // array first (one allocation and copy less per packet, docs/benchmarks.md).
        ByteBuf buf = ctx.alloc().heapBuffer(CstpFrameDecoder.HEADER_LENGTH + length);
        buf.writeByte('S').writeByte('T').writeByte('F').writeByte(1)
                .writeShort(length).writeByte(frame.type().code()).writeByte(0)
                .writeBytes(payload, payload.readerIndex(), length);
        out.add(buf);
    }
}
