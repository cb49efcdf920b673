package io.gmgw.crypto.sm2;

import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * The elliptic-curve domain on which SM2 runs.
 *
 * <p>Production uses only {@link #SM2P256V1}, the recommended curve of GB/T 32918.5-2017 (OID 1.2.156.10197.1.301).
 * {@link #GMT0003_TEST_CURVE} is the 256-bit prime-field curve on which GB/T 32918.2-4 (GM/T 0003.2-4) print their
 * worked examples; the known-answer self-tests use it, because signatures and ciphertexts on the recommended curve
 * are randomised and no fixed-k example is published for it.
 */
public final class Sm2Domain {
    /**
     * sm2p256v1 (GB/T 32918.5-2017) on Bouncy Castle's specialised curve ({@code SM2P256V1Curve}: fixed-width,
     * constant-time field arithmetic). {@code GMNamedCurves} would give the same parameters on the generic
     * {@code ECCurve.Fp}, whose BigInteger reductions are several times slower and not constant time.
     */
    public static final Sm2Domain SM2P256V1 = fromX9("sm2p256v1", GMObjectIdentifiers.sm2p256v1,
            CustomNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1));

    /** The example curve of GB/T 32918 (GM/T 0003) appendices: for known-answer tests only. */
    public static final Sm2Domain GMT0003_TEST_CURVE = testCurve();

    private final String name;
    private final ASN1ObjectIdentifier oid;
    private final ECDomainParameters parameters;
    private final int fieldBytes;

    private Sm2Domain(String name, ASN1ObjectIdentifier oid, ECDomainParameters parameters) {
        this.name = name;
        this.oid = oid;
        this.parameters = parameters;
        this.fieldBytes = (parameters.getCurve().getFieldSize() + 7) / 8;
    }

    private static Sm2Domain fromX9(String name, ASN1ObjectIdentifier oid, X9ECParameters x9) {
        return new Sm2Domain(name, oid, new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH()));
    }

    private static Sm2Domain testCurve() {
        BigInteger p = hex("8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3");
        BigInteger a = hex("787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498");
        BigInteger b = hex("63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A");
        BigInteger n = hex("8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7");
        ECCurve curve = new ECCurve.Fp(p, a, b, n, BigInteger.ONE);
        ECPoint g = curve.createPoint(hex("421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D"),
                hex("0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2"));
        return new Sm2Domain("gmt0003-test-fp256", null, new ECDomainParameters(curve, g, n, BigInteger.ONE));
    }

    private static BigInteger hex(String s) {
        return new BigInteger(s, 16);
    }

    public String name() {
        return name;
    }

    /** The curve OID, or null for the test curve, which has none. */
    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** Length of a coordinate or scalar in bytes (32 for both domains). */
    public int fieldBytes() {
        return fieldBytes;
    }

    public BigInteger order() {
        return parameters.getN();
    }

    ECDomainParameters parameters() {
        return parameters;
    }

    ECCurve curve() {
        return parameters.getCurve();
    }

    /** The curve coefficients and base point as Z's fixed part needs them: a ‖ b ‖ xG ‖ yG, each fieldBytes long. */
    byte[] zCurveBytes() {
        ECCurve c = curve();
        ECPoint g = parameters.getG().normalize();
        byte[] out = new byte[4 * fieldBytes];
        BigIntegers.asUnsignedByteArray(c.getA().toBigInteger(), out, 0, fieldBytes);
        BigIntegers.asUnsignedByteArray(c.getB().toBigInteger(), out, fieldBytes, fieldBytes);
        BigIntegers.asUnsignedByteArray(g.getAffineXCoord().toBigInteger(), out, 2 * fieldBytes, fieldBytes);
        BigIntegers.asUnsignedByteArray(g.getAffineYCoord().toBigInteger(), out, 3 * fieldBytes, fieldBytes);
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
