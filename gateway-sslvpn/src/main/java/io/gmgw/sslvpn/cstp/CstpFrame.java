package io.gmgw.sslvpn.cstp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * One CSTP frame: its type and payload (for {@link CstpFrameType#DATA}, one IP packet). Owns its payload buffer:
 * whoever receives the frame last releases it.
 */
public final class CstpFrame extends DefaultByteBufHolder {
    private final CstpFrameType type;

    public CstpFrame(CstpFrameType type, ByteBuf payload) {
        super(payload);
        this.type = type;
    }

    /** A frame with no payload (DPD, keepalive, terminate, a server's disconnect). */
    public static CstpFrame empty(CstpFrameType type) {
        return new CstpFrame(type, Unpooled.EMPTY_BUFFER);
    }

    public static CstpFrame data(ByteBuf packet) {
        return new CstpFrame(CstpFrameType.DATA, packet);
    }

    public CstpFrameType type() {
        return type;
    }

    public ByteBuf payload() {
        return content();
    }

    @Override
    public CstpFrame replace(ByteBuf content) {
        return new CstpFrame(type, content);
    }

    @Override
    public CstpFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public CstpFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "CstpFrame(" + type + ", " + content().readableBytes() + " bytes)";
    }
}
