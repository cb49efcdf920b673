package io.gmgw.sslvpn.tlcp.message;

import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.util.Arrays;

/** Bounded reads of a handshake message body; every overrun or leftover is decode_error naming the message. */
final class WireReader {
    private final byte[] b;
    private final String what;
    private int p;
    private final int end;

    WireReader(byte[] b, String what) {
        this.b = b;
        this.what = what;
        this.p = 0;
        this.end = b.length;
    }

    int u8() {
        need(1);
        return b[p++] & 0xff;
    }

    int u16() {
        need(2);
        int v = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
        p += 2;
        return v;
    }

    int u24() {
        need(3);
        int v = ((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff);
        p += 3;
        return v;
    }

    byte[] bytes(int n) {
        need(n);
        byte[] out = Arrays.copyOfRange(b, p, p + n);
        p += n;
        return out;
    }

    byte[] vector8() {
        return bytes(u8());
    }

    byte[] vector16() {
        return bytes(u16());
    }

    byte[] vector24() {
        return bytes(u24());
    }

    int remaining() {
        return end - p;
    }

    boolean hasRemaining() {
        return p < end;
    }

    void finish() {
        if (p != end) {
            throw error((end - p) + " unexpected byte(s) after the end");
        }
    }

    TlcpAlertException error(String problem) {
        return new TlcpAlertException(AlertDescription.DECODE_ERROR, what + ": " + problem);
    }

    private void need(int n) {
        if (n < 0 || end - p < n) {
            throw error("truncated (needs " + n + " more byte(s) at offset " + p + ", has " + (end - p) + ")");
        }
    }
}
