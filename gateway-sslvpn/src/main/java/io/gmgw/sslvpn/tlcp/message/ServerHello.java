package io.gmgw.sslvpn.tlcp.message;

import java.util.List;

/** ServerHello (GM/T 0024 §6.4.5.2.3). */
public record ServerHello(int version, byte[] random, byte[] sessionId, int cipherSuite, int compressionMethod,
        List<Extension> extensions) {

    public static ServerHello decode(byte[] body) {
        WireReader r = new WireReader(body, "ServerHello");
        int version = r.u16();
        byte[] random = r.bytes(32);
        byte[] sessionId = r.vector8();
        if (sessionId.length > 32) {
            throw r.error("session_id of " + sessionId.length + " bytes; at most 32");
        }
        int suite = r.u16();
        int compression = r.u8();
        List<Extension> extensions = Extension.readBlock(r);
        r.finish();
        return new ServerHello(version, random, sessionId, suite, compression, extensions);
    }

    public RawHandshake encode() {
        WireWriter w = new WireWriter().u16(version).bytes(random).vector8(sessionId).u16(cipherSuite)
                .u8(compressionMethod);
        Extension.writeBlock(w, extensions);
        return RawHandshake.of(HandshakeType.SERVER_HELLO, w.toByteArray());
    }
}
