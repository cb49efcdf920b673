package io.gmgw.crypto.sm2;

import io.gmgw.crypto.core.InvalidKeyMaterialException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * An SM2 public key: a point of the curve, validated on construction. Every key that comes from outside (a
 * certificate, a handshake message, a file) enters through {@link #fromEncoded} or {@link #fromSubjectPublicKeyInfo},
 * which reject encodings of the point at infinity, coordinates outside the field and points off the curve
 * (GB/T 32918.1-2016 §6.2.2, public key validation). SM2 curves have cofactor 1, so every other point of the curve
 * has the group order n.
 */
public final class Sm2PublicKey {
    private final Sm2Domain domain;
    private final ECPoint point;
    private final byte[] encoded;
    /** The last Z computed for this key (Z depends only on the key and the user ID): a key signs or agrees under one ID. */
    private volatile ZMemo zMemo;

    private record ZMemo(byte[] userId, byte[] z) {
    }

    private Sm2PublicKey(Sm2Domain domain, ECPoint point) {
        this.domain = domain;
        this.point = point.normalize();
        this.encoded = this.point.getEncoded(false);
    }

    /** Decodes and validates an SEC1 point on sm2p256v1 (uncompressed {@code 04‖x‖y} or compressed). */
    public static Sm2PublicKey fromEncoded(byte[] encodedPoint) {
        return fromEncoded(Sm2Domain.SM2P256V1, encodedPoint);
    }

    public static Sm2PublicKey fromEncoded(Sm2Domain domain, byte[] encodedPoint) {
        Objects.requireNonNull(encodedPoint, "encodedPoint");
        int n = domain.fieldBytes();
        boolean uncompressed = encodedPoint.length == 1 + 2 * n && encodedPoint[0] == 0x04;
        boolean compressed = encodedPoint.length == 1 + n && (encodedPoint[0] == 0x02 || encodedPoint[0] == 0x03);
        if (!uncompressed && !compressed) {
            throw new InvalidKeyMaterialException("SM2 public key must be an SEC1 point of " + (1 + 2 * n)
                    + " bytes starting 04 (or " + (1 + n) + " bytes starting 02/03); got " + encodedPoint.length
                    + " bytes" + (encodedPoint.length > 0 ? " starting " + HexFormat.of().toHexDigits(encodedPoint[0]) : ""));
        }
        ECPoint p;
        try {
            // BC checks that both coordinates are field elements and that the point satisfies the curve equation.
            p = domain.curve().decodePoint(encodedPoint);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyMaterialException("SM2 public key is not a point of " + domain.name() + ": "
                    + e.getMessage(), e);
        }
        return fromPoint(domain, p);
    }

    static Sm2PublicKey fromPoint(Sm2Domain domain, ECPoint p) {
        if (p.isInfinity()) {
            throw new InvalidKeyMaterialException("SM2 public key is the point at infinity");
        }
        if (!p.isValid()) {
            throw new InvalidKeyMaterialException("SM2 public key is not a point of " + domain.name());
        }
        return new Sm2PublicKey(domain, p);
    }

    /**
     * Reads a public key from a SubjectPublicKeyInfo: algorithm id-ecPublicKey (1.2.840.10045.2.1) with the named
     * curve sm2p256v1, as GM/T 0015 certificates carry it, or (as some older GM certificates do) the SM2 OID
     * 1.2.156.10197.1.301 as the algorithm itself.
     */
    public static Sm2PublicKey fromSubjectPublicKeyInfo(SubjectPublicKeyInfo spki) {
        AlgorithmIdentifier alg = spki.getAlgorithm();
        ASN1ObjectIdentifier algOid = alg.getAlgorithm();
        boolean ecWithSm2Curve = X9ObjectIdentifiers.id_ecPublicKey.equals(algOid)
                && GMObjectIdentifiers.sm2p256v1.equals(alg.getParameters());
        boolean sm2Algorithm = GMObjectIdentifiers.sm2p256v1.equals(algOid);
        if (!ecWithSm2Curve && !sm2Algorithm) {
            throw new InvalidKeyMaterialException("public key is not an SM2 key: algorithm " + algOid
                    + (alg.getParameters() == null ? "" : alg.getParameters() instanceof ASN1ObjectIdentifier curve
                            ? " with curve " + curve : " with parameters other than a named curve")
                    + "; expected id-ecPublicKey with curve sm2p256v1 (1.2.156.10197.1.301)");
        }
        if (spki.getPublicKeyData().getPadBits() != 0) {
            throw new InvalidKeyMaterialException("SM2 public key BIT STRING is not a whole number of bytes");
        }
        return fromEncoded(Sm2Domain.SM2P256V1, spki.getPublicKeyData().getOctets());
    }

    /** SubjectPublicKeyInfo with id-ecPublicKey and the named curve sm2p256v1 (GM/T 0015 / GM/T 0009 §7.1). */
    public SubjectPublicKeyInfo toSubjectPublicKeyInfo() {
        if (domain.oid() == null) {
            throw new IllegalStateException("keys on " + domain.name() + " have no SubjectPublicKeyInfo encoding");
        }
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, domain.oid()),
                encoded);
    }

    public Sm2Domain domain() {
        return domain;
    }

    /** The uncompressed SEC1 encoding {@code 04 ‖ x ‖ y} (65 bytes on sm2p256v1). */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The affine x coordinate, fieldBytes long. */
    public byte[] x() {
        return BigIntegers.asUnsignedByteArray(domain.fieldBytes(), point.getAffineXCoord().toBigInteger());
    }

    /** The affine y coordinate, fieldBytes long. */
    public byte[] y() {
        return BigIntegers.asUnsignedByteArray(domain.fieldBytes(), point.getAffineYCoord().toBigInteger());
    }

    ECPoint point() {
        return point;
    }

    /** The Z remembered for {@code userId}, or null. The caller must not change the array. */
    byte[] memoisedZ(byte[] userId) {
        ZMemo m = zMemo;
        return m != null && Arrays.equals(m.userId, userId) ? m.z : null;
    }

    /** Remembers {@code z} for {@code userId}; takes {@code z} over (the caller hands out copies only). */
    void memoiseZ(byte[] userId, byte[] z) {
        zMemo = new ZMemo(userId.clone(), z);
    }

    ECPublicKeyParameters toBc() {
        return new ECPublicKeyParameters(point, domain.parameters());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sm2PublicKey k && k.domain == domain && Arrays.equals(k.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "Sm2PublicKey[" + domain.name() + " " + HexFormat.of().formatHex(encoded) + "]";
    }
}
