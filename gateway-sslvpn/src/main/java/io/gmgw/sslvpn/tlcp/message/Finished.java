package io.gmgw.sslvpn.tlcp.message;

/** Finished (GM/T 0024 §6.4.5.10): 12 bytes of verify_data. */
public record Finished(byte[] verifyData) {
    public static final int LENGTH = 12;

    public static Finished decode(byte[] body) {
        WireReader r = new WireReader(body, "Finished");
        byte[] v = r.bytes(LENGTH);
        r.finish();
        return new Finished(v);
    }

    public RawHandshake encode() {
        return RawHandshake.of(HandshakeType.FINISHED, verifyData.clone());
    }
}
