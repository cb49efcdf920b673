package io.gmgw.sslvpn.tlcp.message;

import java.util.List;

/** ClientHello (GM/T 0024 §6.4.5.2.2). Cipher suites are kept as numbers: unknown values are ignored, not errors. */
public record ClientHello(int version, byte[] random, byte[] sessionId, int[] cipherSuites, byte[] compressionMethods,
        List<Extension> extensions) {

    public static ClientHello decode(byte[] body) {
        WireReader r = new WireReader(body, "ClientHello");
        int version = r.u16();
        byte[] random = r.bytes(32);
        byte[] sessionId = r.vector8();
        if (sessionId.length > 32) {
            throw r.error("session_id of " + sessionId.length + " bytes; at most 32");
        }
        byte[] suites = r.vector16();
        if (suites.length < 2 || suites.length % 2 != 0) {
            throw r.error("cipher_suites list of " + suites.length + " bytes (needs a non-empty even length)");
        }
        int[] ids = new int[suites.length / 2];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ((suites[2 * i] & 0xff) << 8) | (suites[2 * i + 1] & 0xff);
        }
        byte[] compression = r.vector8();
        if (compression.length < 1) {
            throw r.error("empty compression_methods list");
        }
        List<Extension> extensions = Extension.readBlock(r);
        r.finish();
        return new ClientHello(version, random, sessionId, ids, compression, extensions);
    }

    public RawHandshake encode() {
        WireWriter w = new WireWriter().u16(version).bytes(random).vector8(sessionId);
        WireWriter suites = new WireWriter();
        for (int s : cipherSuites) {
            suites.u16(s);
        }
        w.vector16(suites.toByteArray()).vector8(compressionMethods);
        Extension.writeBlock(w, extensions);
        return RawHandshake.of(HandshakeType.CLIENT_HELLO, w.toByteArray());
    }

    public boolean offersNullCompression() {
        for (byte c : compressionMethods) {
            if (c == 0) {
                return true;
            }
        }
        return false;
    }
}
