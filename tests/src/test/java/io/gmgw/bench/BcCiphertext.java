package io.gmgw.bench;

import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.util.BigIntegers;

/** GM/T 0009 DER SM2Cipher → the raw 04 ‖ x ‖ y ‖ C3 ‖ C2 that Bouncy Castle's SM2Engine takes. */
final class BcCiphertext {
    private BcCiphertext() {
    }

    static byte[] rawC1C3C2(byte[] der) {
        ASN1Sequence s = ASN1Sequence.getInstance(der);
        BigInteger x = ASN1Integer.getInstance(s.getObjectAt(0)).getPositiveValue();
        BigInteger y = ASN1Integer.getInstance(s.getObjectAt(1)).getPositiveValue();
        byte[] c3 = ASN1OctetString.getInstance(s.getObjectAt(2)).getOctets();
        byte[] c2 = ASN1OctetString.getInstance(s.getObjectAt(3)).getOctets();
        byte[] raw = new byte[65 + c3.length + c2.length];
        raw[0] = 0x04;
        BigIntegers.asUnsignedByteArray(x, raw, 1, 32);
        BigIntegers.asUnsignedByteArray(y, raw, 33, 32);
        System.arraycopy(c3, 0, raw, 65, c3.length);
        System.arraycopy(c2, 0, raw, 65 + c3.length, c2.length);
        return raw;
    }
}
