package io.gmgw.sslvpn.cstp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads CSTP frames from the plaintext stream of the secure channel: the 8-byte header {@code 'S' 'T' 'F' 0x01},
 * a big-endian 16-bit payload length, the type and a zero byte, then the payload. Peers send one frame per record,
 * but this decoder reads a byte stream and so takes frames split over records or sharing one.
 *
 * <p>Fails fast: a wrong magic, version or reserved byte, a type no CSTP peer defines, or a payload longer than the
 * limit is a {@link CstpProtocolException}, and nothing more is read from this channel.
 */
public final class CstpFrameDecoder extends ByteToMessageDecoder {
    /** The header every frame starts with. */
    public static final int HEADER_LENGTH = 8;
    /** openconnect accepts payloads up to max(16384, MTU) (cstp.c receive_mtu); so do we, at most. */
    public static final int DEFAULT_MAX_PAYLOAD = 16384;

    private final int maxPayload;
    private boolean failed;

    public CstpFrameDecoder() {
        this(DEFAULT_MAX_PAYLOAD);
    }

    /**
     * The decoder of a tunnel whose MTU is {@code tunnelMtu}: payloads up to max(16384, MTU), as openconnect takes
     * them (cstp.c receive_mtu), and never more than a frame's 16-bit length can say. Gateway and client alike.
     */
    public static CstpFrameDecoder forTunnel(int tunnelMtu) {
        return new CstpFrameDecoder(Math.min(0xffff, Math.max(DEFAULT_MAX_PAYLOAD, tunnelMtu)));
    }

    /**
     * Whether the bytes at {@code at} start a CSTP frame: {@code 'S' 'T' 'F' 0x01} (cstp.md §5). The caller checks that
     * four bytes are there.
     */
    public static boolean startsFrame(ByteBuf b, int at) {
        return b.getByte(at) == 'S' && b.getByte(at + 1) == 'T' && b.getByte(at + 2) == 'F' && b.getByte(at + 3) == 1;
    }

    public CstpFrameDecoder(int maxPayload) {
        if (maxPayload < 0 || maxPayload > 0xffff) {
            throw new IllegalArgumentException("maxPayload must be 0..65535, not " + maxPayload);
        }
        this.maxPayload = maxPayload;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= HEADER_LENGTH) {
            int at = in.readerIndex();
            if (!startsFrame(in, at) || in.getByte(at + 7) != 0) {
                throw fail(in, "not a CSTP frame header: " + HexFormat.of().formatHex(
                        io.netty.buffer.ByteBufUtil.getBytes(in, at, HEADER_LENGTH)) + " (expected 53544601 LLLL TT00)");
            }
            int length = in.getUnsignedShort(at + 4);
            int code = in.getUnsignedByte(at + 6);
            CstpFrameType type = CstpFrameType.fromCode(code);
            if (type == null) {
                throw fail(in, "unknown CSTP frame type 0x" + Integer.toHexString(code));
            }
            if (length > maxPayload) {
                throw fail(in, "CSTP " + type + " frame of " + length + " bytes exceeds the limit of " + maxPayload);
            }
            if (in.readableBytes() < HEADER_LENGTH + length) {
                return;
            }
            in.skipBytes(HEADER_LENGTH);
            out.add(new CstpFrame(type, in.readRetainedSlice(length)));
        }
    }

    private CstpProtocolException fail(ByteBuf in, String message) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return new CstpProtocolException(message);
    }
}
