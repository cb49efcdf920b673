package io.gmgw.sslvpn.tlcp.message;


import io.gmgw.crypto.sm2.Sm2;
import io.gmgw.crypto.sm2.Sm2PublicKey;
import io.gmgw.sslvpn.tlcp.protocol.CertificateVerifyVariant;

/** CertificateVerify (GM/T 0024 §6.4.5.9): the client's SM2 signature, DER, with a 2-byte length. */
public record CertificateVerify(byte[] signature) {
    /**
     * Which input the signature covers: the standard SM3(handshake_messages) first, then (when {@code rawMessages} is
     * given) GmSSL's signature over the messages themselves; null when neither verifies.
     */
    public CertificateVerifyVariant verify(Sm2 sm2, Sm2PublicKey key, byte[] handshakeHash, byte[] rawMessages,
            byte[] userId) {
        if (sm2.verify(key, handshakeHash, signature, userId)) {
            return CertificateVerifyVariant.HASH_OF_MESSAGES;
        }
        if (rawMessages != null && sm2.verify(key, rawMessages, signature, userId)) {
            return CertificateVerifyVariant.RAW_MESSAGES;
        }
        return null;
    }

    public static CertificateVerify decode(byte[] body) {
        WireReader r = new WireReader(body, "CertificateVerify");
        byte[] sig = r.vector16();
        r.finish();
        return new CertificateVerify(sig);
    }

    public RawHandshake encode() {
        return RawHandshake.of(HandshakeType.CERTIFICATE_VERIFY, new WireWriter().vector16(signature).toByteArray());
    }
}
