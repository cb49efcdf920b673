package io.gmgw.interop;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * Reads the two DER structures that SM2 peers exchange, with a parser that is not gm-crypto's (Bouncy Castle's ASN.1),
 * and insists on strict DER: re-encoding must give back the same bytes. The differential tests use it to check the
 * shape of what each side writes and to look for edge cases (short coordinates, short r or s).
 */
final class Sm2Der {
    /** The SM2 signature {@code SEQUENCE { r INTEGER, s INTEGER }} (GM/T 0009-2012 §7.3). */
    record Signature(BigInteger r, BigInteger s) {
    }

    /**
     * The SM2 ciphertext {@code SEQUENCE { x INTEGER, y INTEGER, hash OCTET STRING, cipherText OCTET STRING }}
     * (GM/T 0009-2012 §7.2): C1 = (x, y), C3 = hash, C2 = cipherText.
     */
    record Ciphertext(BigInteger x, BigInteger y, byte[] hash, byte[] cipherText) {
    }

    private Sm2Der() {
    }

    static Signature signature(byte[] der) {
        ASN1Sequence seq = strictSequence(der, 2);
        return new Signature(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(),
                ASN1Integer.getInstance(seq.getObjectAt(1)).getValue());
    }

    static Ciphertext ciphertext(byte[] der) {
        ASN1Sequence seq = strictSequence(der, 4);
        return new Ciphertext(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue(),
                ASN1Integer.getInstance(seq.getObjectAt(1)).getValue(),
                ASN1OctetString.getInstance(seq.getObjectAt(2)).getOctets(),
                ASN1OctetString.getInstance(seq.getObjectAt(3)).getOctets());
    }

    private static ASN1Sequence strictSequence(byte[] der, int size) {
        ASN1Sequence seq;
        try {
            seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            if (!Arrays.equals(der, seq.getEncoded(ASN1Encoding.DER))) {
                throw new IllegalArgumentException("not strict DER (re-encoding differs)");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not DER: " + e.getMessage(), e);
        }
        if (seq.size() != size) {
            throw new IllegalArgumentException("SEQUENCE of " + seq.size() + " elements, expected " + size);
        }
        return seq;
    }
}
