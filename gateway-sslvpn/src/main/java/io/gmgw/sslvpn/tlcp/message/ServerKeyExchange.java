package io.gmgw.sslvpn.tlcp.message;

import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.CipherSuite;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;

/**
 * ServerKeyExchange (GM/T 0024 §6.4.5.4), sent for every suite. ECC: only the signature, over client_random ‖
 * server_random ‖ the encryption certificate with its 3-byte length. ECDHE: ECParameters (named_curve, curveSM2 = 41)
 * and the ephemeral point, then the signature over client_random ‖ server_random ‖ those parameter bytes.
 */
public record ServerKeyExchange(byte[] parameters, byte[] point, byte[] signature) {
    public static final int NAMED_CURVE = 3;
    /** curveSM2 as RFC 8998 and Kona number it; what gmgw sends. */
    public static final int CURVE_SM2 = 41;
    /** The number openEuler BGMProvider writes for the SM2 curve (seen on the wire); accepted on input. */
    public static final int CURVE_SM2_BGM = 249;

    /** True for the SM2 curve under either number peers use. */
    public static boolean isSm2Curve(int namedCurve) {
        return namedCurve == CURVE_SM2 || namedCurve == CURVE_SM2_BGM;
    }

    public static ServerKeyExchange ecc(byte[] signature) {
        return new ServerKeyExchange(new byte[0], null, signature);
    }

    /** The ECDHE form; {@code point} is the 65-byte uncompressed ephemeral public key. */
    public static ServerKeyExchange ecdhe(byte[] point, byte[] signature) {
        return new ServerKeyExchange(ecdheParameters(point), point, signature);
    }

    /** The signed parameter bytes of an ECDHE ServerKeyExchange: curve_type ‖ named_curve ‖ point<1..255>. */
    public static byte[] ecdheParameters(byte[] point) {
        return new WireWriter().u8(NAMED_CURVE).u16(CURVE_SM2).vector8(point).toByteArray();
    }

    /** What the ECC ServerKeyExchange signs: client_random ‖ server_random ‖ uint24 length ‖ encryption certificate. */
    public static byte[] eccSignedData(byte[] clientRandom, byte[] serverRandom, byte[] encryptionCertificateDer) {
        return new WireWriter().bytes(clientRandom).bytes(serverRandom).vector24(encryptionCertificateDer).toByteArray();
    }

    /** What the ECDHE ServerKeyExchange signs: client_random ‖ server_random ‖ the ECParameters and point bytes. */
    public static byte[] ecdheSignedData(byte[] clientRandom, byte[] serverRandom, byte[] parameters) {
        return new WireWriter().bytes(clientRandom).bytes(serverRandom).bytes(parameters).toByteArray();
    }

    public static ServerKeyExchange decode(byte[] body, CipherSuite suite) {
        WireReader r = new WireReader(body, "ServerKeyExchange");
        if (suite.keyExchange() == CipherSuite.KeyExchange.ECC) {
            byte[] sig = r.vector16();
            r.finish();
            return ecc(sig);
        }
        int curveType = r.u8();
        if (curveType != NAMED_CURVE) {
            throw new TlcpAlertException(AlertDescription.ILLEGAL_PARAMETER,
                    "ServerKeyExchange: curve type " + curveType + "; TLCP uses named_curve (3)");
        }
        int curve = r.u16();
        if (!isSm2Curve(curve)) {
            throw new TlcpAlertException(AlertDescription.ILLEGAL_PARAMETER,
                    "ServerKeyExchange: named curve " + curve + "; TLCP uses curveSM2 (41, or 249 as BGMProvider"
                            + " numbers it)");
        }
        byte[] point = r.vector8();
        byte[] sig = r.vector16();
        r.finish();
        // The signature covers the parameters as sent, whichever curve number the server wrote.
        byte[] parameters = java.util.Arrays.copyOf(body, 1 + 2 + 1 + point.length);
        return new ServerKeyExchange(parameters, point, sig);
    }

    public RawHandshake encode() {
        return RawHandshake.of(HandshakeType.SERVER_KEY_EXCHANGE,
                new WireWriter().bytes(parameters).vector16(signature).toByteArray());
    }
}
