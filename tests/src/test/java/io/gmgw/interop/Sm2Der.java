package io.gmgw.interop;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
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

    /** A deliberately malformed or out-of-range signature encoding and what is wrong with it. */
    record Variant(String flaw, byte[] der) {
    }

    private Sm2Der() {
    }

    /**
     * Encodings of the signature {@code der} that a strict verifier must refuse although each names the same (r, s)
     * residues or differs only in framing: BER instead of DER, trailing bytes, wrong tags, non-minimal or negative
     * INTEGERs, r or s outside [1, n−1] (r + n, s + n, zero). A verifier that accepts one of them is malleable.
     */
    static List<Variant> nonCanonicalVariants(byte[] der, BigInteger n) {
        Signature sig = signature(der);
        BigInteger r = sig.r();
        BigInteger s = sig.s();
        byte[] content = Arrays.copyOfRange(der, 2, der.length);
        byte[] padded = new byte[r.toByteArray().length + 1];
        System.arraycopy(r.toByteArray(), 0, padded, 1, padded.length - 1);
        byte[] trailing = Arrays.copyOf(der, der.length + 1);
        return List.of(
                new Variant("SEQUENCE length in long form", concat(new byte[] {0x30, (byte) 0x81,
                        (byte) content.length}, content)),
                new Variant("a byte after the SEQUENCE", trailing),
                new Variant("r with a superfluous leading zero", sequence(tlv(0x02, padded), integer(s))),
                new Variant("r + n", sequence(integer(r.add(n)), integer(s))),
                new Variant("s + n", sequence(integer(r), integer(s.add(n)))),
                new Variant("r - n (negative)", sequence(integer(r.subtract(n)), integer(s))),
                new Variant("s - n (negative)", sequence(integer(r), integer(s.subtract(n)))),
                new Variant("r tagged OCTET STRING", sequence(tlv(0x04, r.toByteArray()), integer(s))),
                new Variant("s tagged ENUMERATED", sequence(integer(r), tlv(0x0a, s.toByteArray()))),
                new Variant("SET instead of SEQUENCE", concat(new byte[] {0x31, der[1]}, content)),
                new Variant("r = 0", sequence(integer(BigInteger.ZERO), integer(s))),
                new Variant("s = 0", sequence(integer(r), integer(BigInteger.ZERO))));
    }

    /**
     * The offsets of the four element tags (x, y, hash, cipherText) of a well-formed DER SM2 ciphertext, for tests that
     * alter its framing.
     */
    static int[] ciphertextTagOffsets(byte[] der) {
        ciphertext(der);
        int pos = 1 + lengthOfLength(der, 1);
        int[] offsets = new int[4];
        for (int i = 0; i < 4; i++) {
            offsets[i] = pos;
            int lengthBytes = lengthOfLength(der, pos + 1);
            int length = lengthBytes == 1 ? der[pos + 1] & 0x7f : 0;
            for (int j = 1; j < lengthBytes; j++) {
                length = (length << 8) | (der[pos + 1 + j] & 0xff);
            }
            pos += 1 + lengthBytes + length;
        }
        return offsets;
    }

    /** How many bytes the DER length at {@code off} takes. */
    private static int lengthOfLength(byte[] der, int off) {
        int first = der[off] & 0xff;
        return first < 0x80 ? 1 : 1 + (first & 0x7f);
    }

    private static byte[] integer(BigInteger v) {
        return tlv(0x02, v.toByteArray());
    }

    private static byte[] sequence(byte[] first, byte[] second) {
        return tlv(0x30, concat(first, second));
    }

    private static byte[] tlv(int tag, byte[] content) {
        if (content.length > 127) {
            throw new IllegalArgumentException("short-form lengths only");
        }
        return concat(new byte[] {(byte) tag, (byte) content.length}, content);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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
