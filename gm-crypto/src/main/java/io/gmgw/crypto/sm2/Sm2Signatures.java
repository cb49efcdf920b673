package io.gmgw.crypto.sm2;

import io.gmgw.crypto.core.MalformedEncodingException;
import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * SM2 signature encodings: DER {@code SEQUENCE { r INTEGER, s INTEGER }} (GM/T 0009-2012 §7.3, what certificates, CMS
 * and TLCP carry) and raw {@code r ‖ s}, each 32 bytes big-endian (what PKCS#11 tokens and SKF return). DER is
 * encoded and decoded strictly: a signature has exactly one valid encoding.
 */
public final class Sm2Signatures {
    /** Length of a raw r ‖ s signature on a 256-bit curve. */
    public static final int RAW_LENGTH = 64;

    private Sm2Signatures() {
    }

    /** Raw r ‖ s (64 bytes) from a DER signature on sm2p256v1. */
    public static byte[] derToRaw(byte[] der) {
        return derToRaw(Sm2Domain.SM2P256V1, der);
    }

    public static byte[] derToRaw(Sm2Domain domain, byte[] der) {
        BigInteger[] rs = decodeDer(domain, der);
        return PlainDSAEncoding.INSTANCE.encode(domain.order(), rs[0], rs[1]);
    }

    /** DER from a raw r ‖ s signature on sm2p256v1. */
    public static byte[] rawToDer(byte[] raw) {
        return rawToDer(Sm2Domain.SM2P256V1, raw);
    }

    public static byte[] rawToDer(Sm2Domain domain, byte[] raw) {
        BigInteger n = domain.order();
        if (raw.length != 2 * domain.fieldBytes()) {
            throw new MalformedEncodingException("raw SM2 signature must be r || s of " + 2 * domain.fieldBytes()
                    + " bytes; got " + raw.length);
        }
        try {
            BigInteger[] rs = PlainDSAEncoding.INSTANCE.decode(n, raw);
            checkRange(n, rs);
            return StandardDSAEncoding.INSTANCE.encode(n, rs[0], rs[1]);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedEncodingException("raw SM2 signature values out of range [1, n-1]", e);
        }
    }

    static BigInteger[] decodeDer(Sm2Domain domain, byte[] der) {
        BigInteger n = domain.order();
        try {
            BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(n, der);
            checkRange(n, rs);
            return rs;
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedEncodingException("SM2 signature is not a DER SEQUENCE of two INTEGERs in [1, n-1]: "
                    + e.getMessage(), e);
        }
    }

    private static void checkRange(BigInteger n, BigInteger[] rs) {
        for (BigInteger v : rs) {
            if (v.signum() <= 0 || v.compareTo(n) >= 0) {
                throw new IllegalArgumentException("value outside [1, n-1]");
            }
        }
    }
}
