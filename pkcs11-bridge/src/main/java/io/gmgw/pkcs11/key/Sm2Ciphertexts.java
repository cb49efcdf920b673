package io.gmgw.pkcs11.key;

import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.sm2.Sm2CiphertextFormat;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

/**
 * SM2 ciphertext re-encoding between what a caller holds and what a token takes: GM/T 0009 DER
 * (SEQUENCE {x, y, C3, C2}), raw C1‖C3‖C2 and raw C1‖C2‖C3, with C1 = 04‖x‖y on the 256-bit curve.
 */
final class Sm2Ciphertexts {
    private static final int C1 = 65;
    private static final int C3 = 32;

    private Sm2Ciphertexts() {
    }

    /** The parts {C1, C3, C2}. */
    static byte[][] split(byte[] ct, Sm2CiphertextFormat format) {
        switch (format) {
            case DER_C1C3C2 -> {
                try {
                    ASN1Primitive p = ASN1Primitive.fromByteArray(ct);
                    if (!(p instanceof ASN1Sequence s) || s.size() != 4 || !Arrays.equals(p.getEncoded(ASN1Encoding.DER), ct)) {
                        throw bad();
                    }
                    BigInteger x = ASN1Integer.getInstance(s.getObjectAt(0)).getPositiveValue();
                    BigInteger y = ASN1Integer.getInstance(s.getObjectAt(1)).getPositiveValue();
                    byte[] c3 = ASN1OctetString.getInstance(s.getObjectAt(2)).getOctets();
                    byte[] c2 = ASN1OctetString.getInstance(s.getObjectAt(3)).getOctets();
                    if (c3.length != C3 || c2.length == 0 || x.bitLength() > 256 || y.bitLength() > 256) {
                        throw bad();
                    }
                    byte[] c1 = new byte[C1];
                    c1[0] = 4;
                    put(x, c1, 1);
                    put(y, c1, 33);
                    return new byte[][] {c1, c3, c2};
                } catch (IOException | IllegalArgumentException | ClassCastException e) {
                    throw bad();
                }
            }
            case RAW_C1C3C2 -> {
                requireRaw(ct);
                return new byte[][] {Arrays.copyOf(ct, C1), Arrays.copyOfRange(ct, C1, C1 + C3),
                    Arrays.copyOfRange(ct, C1 + C3, ct.length)};
            }
            case RAW_C1C2C3 -> {
                requireRaw(ct);
                return new byte[][] {Arrays.copyOf(ct, C1), Arrays.copyOfRange(ct, ct.length - C3, ct.length),
                    Arrays.copyOfRange(ct, C1, ct.length - C3)};
            }
            default -> throw new IllegalArgumentException(String.valueOf(format));
        }
    }

    static byte[] join(byte[][] parts, Sm2CiphertextFormat format) {
        byte[] c1 = parts[0];
        byte[] c3 = parts[1];
        byte[] c2 = parts[2];
        return switch (format) {
            case DER_C1C3C2 -> {
                ASN1EncodableVector v = new ASN1EncodableVector();
                v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(c1, 1, 33))));
                v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(c1, 33, 65))));
                v.add(new DEROctetString(c3));
                v.add(new DEROctetString(c2));
                try {
                    yield new DERSequence(v).getEncoded(ASN1Encoding.DER);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            case RAW_C1C3C2 -> concat(c1, c3, c2);
            case RAW_C1C2C3 -> concat(c1, c2, c3);
        };
    }

    static byte[] convert(byte[] ct, Sm2CiphertextFormat from, Sm2CiphertextFormat to) {
        return from == to ? ct.clone() : join(split(ct, from), to);
    }

    private static void requireRaw(byte[] ct) {
        if (ct.length <= C1 + C3 || ct[0] != 4) {
            throw bad();
        }
    }

    private static void put(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, off + 32 - n, n);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    private static BadCiphertextException bad() {
        return new BadCiphertextException("SM2 ciphertext is malformed");
    }
}
