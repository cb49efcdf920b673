package io.gmgw.sslvpn.tlcp.message;

import java.io.ByteArrayOutputStream;

/** Builds handshake message bodies with the TLS vector length prefixes. */
final class WireWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    WireWriter u8(int v) {
        out.write(v);
        return this;
    }

    WireWriter u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    WireWriter u24(int v) {
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    WireWriter bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    WireWriter vector8(byte[] b) {
        check(b.length, 0xff);
        return u8(b.length).bytes(b);
    }

    WireWriter vector16(byte[] b) {
        check(b.length, 0xffff);
        return u16(b.length).bytes(b);
    }

    WireWriter vector24(byte[] b) {
        check(b.length, 0xffffff);
        return u24(b.length).bytes(b);
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private static void check(int length, int max) {
        if (length > max) {
            throw new IllegalArgumentException("vector of " + length + " bytes exceeds its limit of " + max);
        }
    }
}
