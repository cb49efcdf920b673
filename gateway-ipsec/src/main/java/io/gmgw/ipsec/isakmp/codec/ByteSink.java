package io.gmgw.ipsec.isakmp.codec;

import io.gmgw.ipsec.isakmp.Octets;
import java.util.Arrays;

/** A growable big-endian writer with length fields patched after their content is written. */
final class ByteSink {
    private byte[] buf = new byte[256];
    private int size;

    int size() {
        return size;
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    ByteSink u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    ByteSink u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    ByteSink u32(long v) {
        u16((int) (v >>> 16) & 0xffff);
        return u16((int) v & 0xffff);
    }

    ByteSink u64(long v) {
        u32(v >>> 32);
        return u32(v & 0xffff_ffffL);
    }

    ByteSink octets(Octets o) {
        ensure(o.length());
        o.copyTo(buf, size);
        size += o.length();
        return this;
    }

    ByteSink bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    /** Writes a 16-bit length at {@code at}: the bytes from {@code start} to the current end. */
    void patch16(int at, int start, String what) {
        int length = size - start;
        if (length > 0xffff) {
            throw new IllegalArgumentException(what + " of " + length + " bytes exceeds the 16-bit length field");
        }
        buf[at] = (byte) (length >>> 8);
        buf[at + 1] = (byte) length;
    }

    void patch32(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
