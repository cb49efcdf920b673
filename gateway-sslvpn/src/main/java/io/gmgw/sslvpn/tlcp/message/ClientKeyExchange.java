package io.gmgw.sslvpn.tlcp.message;

import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;

/**
 * ClientKeyExchange (GM/T 0024 §6.4.5.8). ECC: the pre-master secret SM2-encrypted to the server's encryption key,
 * GM/T 0009 DER with a 2-byte length (GmSSL, gm-jsse, Kona); a bare DER SEQUENCE without the length is accepted too.
 * ECDHE: curve_type ‖ named_curve ‖ point<1..255> as Kona sends it; a bare point<1..255> (the TLS 1.2 shape) is
 * accepted too.
 */
public record ClientKeyExchange(byte[] encryptedPreMaster, byte[] point) {

    public static ClientKeyExchange ecc(byte[] ciphertext) {
        return new ClientKeyExchange(ciphertext, null);
    }

    public static ClientKeyExchange ecdhe(byte[] point) {
        return new ClientKeyExchange(null, point);
    }

    public static ClientKeyExchange decode(byte[] body, CipherSuite suite) {
        WireReader r = new WireReader(body, "ClientKeyExchange");
        if (suite.keyExchange() == CipherSuite.KeyExchange.ECC) {
            if (body.length > 0 && body[0] == 0x30) {
                return ecc(body.clone());
            }
            byte[] ct = r.vector16();
            r.finish();
            if (ct.length == 0) {
                throw r.error("empty encrypted pre-master secret");
            }
            return ecc(ct);
        }
        if (body.length > 0 && (body[0] & 0xff) == body.length - 1) {
            byte[] point = r.vector8();
            r.finish();
            return ecdhe(point);
        }
        int curveType = r.u8();
        int curve = r.u16();
        if (curveType != ServerKeyExchange.NAMED_CURVE || !ServerKeyExchange.isSm2Curve(curve)) {
            throw new TlcpAlertException(AlertDescription.ILLEGAL_PARAMETER, "ClientKeyExchange: curve " + curveType
                    + "/" + curve + "; TLCP uses named_curve (3) curveSM2 (41, or 249 as BGMProvider numbers it)");
        }
        byte[] point = r.vector8();
        r.finish();
        return ecdhe(point);
    }

    public RawHandshake encode() {
        WireWriter w = new WireWriter();
        if (encryptedPreMaster != null) {
            w.vector16(encryptedPreMaster);
        } else {
            w.bytes(ServerKeyExchange.ecdheParameters(point));
        }
        return RawHandshake.of(HandshakeType.CLIENT_KEY_EXCHANGE, w.toByteArray());
    }
}
