package io.gmgw.sslvpn.cstp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CstpFrameCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesOneBufferPerFrameWithTheHeaderOpenconnectExpects() {
        EmbeddedChannel ch = new EmbeddedChannel(CstpFrameEncoder.INSTANCE);
        assertTrue(ch.writeOutbound(CstpFrame.data(Unpooled.wrappedBuffer(new byte[] {0x45, 0, 0, 1}))));
        assertTrue(ch.writeOutbound(CstpFrame.empty(CstpFrameType.DPD_REQUEST)));
        ByteBuf first = ch.readOutbound();
        ByteBuf second = ch.readOutbound();
        assertEquals("5354460100040000" + "45000001", ByteBufUtil.hexDump(first));
        assertEquals("5354460100000300", ByteBufUtil.hexDump(second));
        assertTrue(first.hasArray(), "on the heap, whatever the allocator prefers: the secure channel seals from "
                + "the array without a copy");
        first.release();
        second.release();
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }

    @Test
    void decodesFramesSplitOverReadsAndSharingOne() {
        EmbeddedChannel ch = new EmbeddedChannel(new CstpFrameDecoder());
        byte[] stream = HEX.parseHex("53544601000300" + "00" + "aabbcc" + "5354460100000700" + "53544601000105" + "00" + "b0");
        // Every split point: the decoder must give the same three frames.
        for (int cut = 0; cut <= stream.length; cut++) {
            ch.writeInbound(Unpooled.copiedBuffer(stream, 0, cut));
            ch.writeInbound(Unpooled.copiedBuffer(stream, cut, stream.length - cut));
            CstpFrame data = ch.readInbound();
            CstpFrame keepalive = ch.readInbound();
            CstpFrame disconnect = ch.readInbound();
            assertEquals(CstpFrameType.DATA, data.type());
            assertArrayEquals(HEX.parseHex("aabbcc"), ByteBufUtil.getBytes(data.payload()));
            assertEquals(CstpFrameType.KEEPALIVE, keepalive.type());
            assertEquals(0, keepalive.payload().readableBytes());
            assertEquals(CstpFrameType.DISCONNECT, disconnect.type());
            assertArrayEquals(new byte[] {(byte) 0xb0}, ByteBufUtil.getBytes(disconnect.payload()));
            assertNull(ch.readInbound());
            data.release();
            keepalive.release();
            disconnect.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void roundTripsEveryTypeAndTheLargestPayload() {
        EmbeddedChannel enc = new EmbeddedChannel(CstpFrameEncoder.INSTANCE);
        EmbeddedChannel dec = new EmbeddedChannel(new CstpFrameDecoder());
        for (CstpFrameType type : CstpFrameType.values()) {
            byte[] payload = new byte[type == CstpFrameType.DATA ? CstpFrameDecoder.DEFAULT_MAX_PAYLOAD : type.ordinal()];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (i * 31 + type.code());
            }
            enc.writeOutbound(new CstpFrame(type, Unpooled.wrappedBuffer(payload)));
            dec.writeInbound((ByteBuf) enc.readOutbound());
            CstpFrame back = dec.readInbound();
            assertEquals(type, back.type());
            assertArrayEquals(payload, ByteBufUtil.getBytes(back.payload()));
            back.release();
        }
        assertFalse(enc.finish());
        assertFalse(dec.finish());
    }

    @Test
    void refusesBadHeadersUnknownTypesAndOversizedFrames() {
        assertRefused("5354460200000000", "not a CSTP frame header");       // version 2
        assertRefused("5854460100000000", "not a CSTP frame header");       // magic XTF
        assertRefused("5354460100000001", "not a CSTP frame header");       // reserved byte set
        assertRefused("5354460100000600", "unknown CSTP frame type 0x6");
        assertRefused("53544601ffff0000", "exceeds the limit of 16384");
        // The limit is the configured one, checked from the header before any payload arrives.
        EmbeddedChannel small = new EmbeddedChannel(new CstpFrameDecoder(1400));
        DecoderException e = assertThrows(DecoderException.class,
                () -> small.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("5354460105790000"))));
        assertTrue(e.getCause().getMessage().contains("1401 bytes exceeds the limit of 1400"), e::toString);
    }

    @Test
    void aTunnelsDecoderTakesTheLargerOf16384AndItsMtuAndNoMoreThanALengthCanSay() {
        assertLimit(CstpFrameDecoder.forTunnel(1400), 16384);
        assertLimit(CstpFrameDecoder.forTunnel(20000), 20000);
        assertLimit(CstpFrameDecoder.forTunnel(70000), 0xffff);
    }

    @Test
    void aFrameStartsWithStfAndVersionOne() {
        assertTrue(CstpFrameDecoder.startsFrame(Unpooled.wrappedBuffer(HEX.parseHex("0053544601")), 1));
        assertFalse(CstpFrameDecoder.startsFrame(Unpooled.wrappedBuffer(HEX.parseHex("53544602")), 0));
        assertFalse(CstpFrameDecoder.startsFrame(Unpooled.wrappedBuffer(HEX.parseHex("504f5354")), 0)); // "POST"
    }

    /** {@code limit} bytes of payload pass, one more is refused. */
    private static void assertLimit(CstpFrameDecoder decoder, int limit) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ByteBuf ok = Unpooled.buffer().writeInt(0x53544601).writeShort(limit).writeShort(0).writeZero(limit);
        assertTrue(ch.writeInbound(ok));
        CstpFrame f = ch.readInbound();
        assertEquals(limit, f.payload().readableBytes());
        f.release();
        if (limit < 0xffff) {
            DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(
                    Unpooled.buffer().writeInt(0x53544601).writeShort(limit + 1).writeShort(0)));
            assertTrue(e.getCause().getMessage().contains("exceeds the limit of " + limit), e::toString);
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void readsNothingMoreAfterARefusal() {
        EmbeddedChannel ch = new EmbeddedChannel(new CstpFrameDecoder());
        assertThrows(DecoderException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("5354460100000600"))));
        // A well-formed frame after the bad one is not taken as the start of a new stream.
        assertFalse(ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("5354460100000300"))));
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }

    private static void assertRefused(String header, String message) {
        EmbeddedChannel ch = new EmbeddedChannel(new CstpFrameDecoder());
        DecoderException e = assertThrows(DecoderException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex(header))));
        assertTrue(e.getCause() instanceof CstpProtocolException, e::toString);
        assertTrue(e.getCause().getMessage().contains(message), e.getCause()::getMessage);
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }
}
