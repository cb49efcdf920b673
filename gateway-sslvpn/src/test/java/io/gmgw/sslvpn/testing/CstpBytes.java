package io.gmgw.sslvpn.testing;

/**
 * CSTP frames as bytes on the wire (cstp.md §5), written out here by hand rather than by the codec under test: the
 * header {@code 'S' 'T' 'F' 0x01}, the payload length (16 bits, big-endian), the type and a zero byte, then the
 * payload. The test gateway, the test VPN client and the gateway harness all build their frames here.
 */
public final class CstpBytes {
    private CstpBytes() {
    }

    /** A frame of type code {@code type} carrying {@code payload}. */
    public static byte[] frame(int type, byte[] payload) {
        byte[] f = new byte[8 + payload.length];
        f[0] = 'S';
        f[1] = 'T';
        f[2] = 'F';
        f[3] = 1;
        f[4] = (byte) (payload.length >> 8);
        f[5] = (byte) payload.length;
        f[6] = (byte) type;
        System.arraycopy(payload, 0, f, 8, payload.length);
        return f;
    }
}
