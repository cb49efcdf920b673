package io.gmgw.sslvpn.tlcp.message;

/** One reassembled handshake message: its type, its body, and the whole message (header included) for the hash. */
public record RawHandshake(int type, byte[] body, byte[] encoded) {
    public static RawHandshake of(int type, byte[] body) {
        byte[] enc = new byte[4 + body.length];
        enc[0] = (byte) type;
        enc[1] = (byte) (body.length >>> 16);
        enc[2] = (byte) (body.length >>> 8);
        enc[3] = (byte) body.length;
        System.arraycopy(body, 0, enc, 4, body.length);
        return new RawHandshake(type, body, enc);
    }

    public String name() {
        return HandshakeType.name(type);
    }
}
