package io.gmgw.ipsec.isakmp.codec;

import io.gmgw.ipsec.isakmp.NotifyType;
import io.gmgw.ipsec.isakmp.Octets;

/**
 * A bounded reader over one region of the message, reporting errors with the part's name and the absolute offset
 * (from the ISAKMP header's first byte) at which they occur.
 */
final class Cursor {
    private final byte[] data;
    private final int base;
    private final String part;
    private int pos;
    private final int end;

    /** Reads {@code data[from, to)}; offsets in errors are {@code index - base}. */
    Cursor(byte[] data, int base, int from, int to, String part) {
        this.data = data;
        this.base = base;
        this.pos = from;
        this.end = to;
        this.part = part;
    }

    /** A cursor over {@code data[from, to)} of the same message, for a nested part. */
    Cursor sub(int from, int to, String subPart) {
        return new Cursor(data, base, from, to, subPart);
    }

    int remaining() {
        return end - pos;
    }

    int position() {
        return pos;
    }

    /** Offset from the header's first byte. */
    int offset() {
        return pos - base;
    }

    String part() {
        return part;
    }

    void need(int n, String what) {
        if (remaining() < n) {
            throw fail(NotifyType.PAYLOAD_MALFORMED, what + " needs " + n + " bytes, " + remaining() + " left");
        }
    }

    int u8(String what) {
        need(1, what);
        return data[pos++] & 0xff;
    }

    int u16(String what) {
        need(2, what);
        int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    long u32(String what) {
        need(4, what);
        long v = ((long) (data[pos] & 0xff) << 24) | ((data[pos + 1] & 0xff) << 16) | ((data[pos + 2] & 0xff) << 8)
                | (data[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long u64(String what) {
        return (u32(what) << 32) | u32(what);
    }

    Octets octets(int n, String what) {
        need(n, what);
        Octets o = Octets.of(data, pos, n);
        pos += n;
        return o;
    }

    Octets rest() {
        return octets(remaining(), "rest");
    }

    /** A reserved field, which RFC 2408 requires to be zero (checked so that decoding then encoding is exact). */
    void reserved(int n, String what) {
        need(n, what);
        for (int i = 0; i < n; i++) {
            if (data[pos + i] != 0) {
                throw fail(NotifyType.PAYLOAD_MALFORMED, what + " is reserved and must be zero");
            }
        }
        pos += n;
    }

    void expectEnd() {
        if (remaining() != 0) {
            throw fail(NotifyType.PAYLOAD_MALFORMED, remaining() + " unexpected bytes at the end");
        }
    }

    IsakmpFormatException fail(int notifyType, String detail) {
        return new IsakmpFormatException(notifyType, part, pos - base, detail);
    }

    IsakmpFormatException failAt(int notifyType, int absolute, String detail) {
        return new IsakmpFormatException(notifyType, part, absolute - base, detail);
    }
}
