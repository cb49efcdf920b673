package io.gmgw.crypto.sm2;

import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.sm3.Sm3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

/**
 * Converts between the {@link Sm2CiphertextFormat}s. The canonical inner form is raw C1C3C2 with an uncompressed C1,
 * which Bouncy Castle's SM2Engine consumes.
 *
 * <p>DER is written strictly. It is read leniently in one respect that the field needs: the coordinate INTEGERs may
 * carry superfluous leading zero bytes or lack the 0x00 that a value with its top bit set needs — a widely deployed
 * TLCP client (gm-jsse 1.1.0) writes every coordinate as exactly 32 content bytes — so their content bytes are read as
 * an unsigned big-endian number. Everything else is strict: definite lengths, nothing after the SEQUENCE, a 32-byte
 * hash, a non-empty CipherText. Every decoding failure is a {@link BadCiphertextException} with the same message, so
 * a server cannot be used as an oracle on the structure.
 */
final class Sm2CiphertextCodec {
    private static final String MALFORMED = "SM2 ciphertext is malformed";

    private Sm2CiphertextCodec() {
    }

    /** {@code ciphertext} in {@code format} → raw 04 ‖ x ‖ y ‖ C3 ‖ C2. */
    static byte[] toRawC1C3C2(Sm2Domain domain, byte[] ciphertext, Sm2CiphertextFormat format) {
        int n = domain.fieldBytes();
        int c1 = 1 + 2 * n;
        return switch (format) {
            case DER_C1C3C2 -> decodeDer(n, ciphertext);
            case RAW_C1C3C2 -> {
                requireRaw(ciphertext, c1);
                yield ciphertext.clone();
            }
            case RAW_C1C2C3 -> {
                requireRaw(ciphertext, c1);
                int c2 = ciphertext.length - c1 - Sm3.DIGEST_LENGTH;
                byte[] out = new byte[ciphertext.length];
                System.arraycopy(ciphertext, 0, out, 0, c1);
                System.arraycopy(ciphertext, c1 + c2, out, c1, Sm3.DIGEST_LENGTH);
                System.arraycopy(ciphertext, c1, out, c1 + Sm3.DIGEST_LENGTH, c2);
                yield out;
            }
        };
    }

    /** Raw 04 ‖ x ‖ y ‖ C3 ‖ C2 → {@code format}. */
    static byte[] fromRawC1C3C2(Sm2Domain domain, byte[] raw, Sm2CiphertextFormat format) {
        int n = domain.fieldBytes();
        int c1 = 1 + 2 * n;
        int c2 = raw.length - c1 - Sm3.DIGEST_LENGTH;
        return switch (format) {
            case RAW_C1C3C2 -> raw;
            case RAW_C1C2C3 -> {
                byte[] out = new byte[raw.length];
                System.arraycopy(raw, 0, out, 0, c1);
                System.arraycopy(raw, c1 + Sm3.DIGEST_LENGTH, out, c1, c2);
                System.arraycopy(raw, c1, out, c1 + c2, Sm3.DIGEST_LENGTH);
                yield out;
            }
            case DER_C1C3C2 -> {
                ASN1EncodableVector v = new ASN1EncodableVector(4);
                v.add(new ASN1Integer(new BigInteger(1, slice(raw, 1, n))));
                v.add(new ASN1Integer(new BigInteger(1, slice(raw, 1 + n, n))));
                v.add(new DEROctetString(slice(raw, c1, Sm3.DIGEST_LENGTH)));
                v.add(new DEROctetString(slice(raw, c1 + Sm3.DIGEST_LENGTH, c2)));
                try {
                    yield new DERSequence(v).getEncoded(ASN1Encoding.DER);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static void requireRaw(byte[] ciphertext, int c1) {
        if (ciphertext.length < c1 + Sm3.DIGEST_LENGTH + 1 || ciphertext[0] != 0x04) {
            throw new BadCiphertextException(MALFORMED);
        }
    }

    private static byte[] decodeDer(int n, byte[] der) {
        Reader r = new Reader(der);
        int seqEnd = r.enter(0x30);
        if (seqEnd != der.length) {
            throw new BadCiphertextException(MALFORMED);
        }
        byte[] x = r.unsignedInteger(n);
        byte[] y = r.unsignedInteger(n);
        byte[] hash = r.octetString();
        byte[] c2 = r.octetString();
        if (r.pos != seqEnd || hash.length != Sm3.DIGEST_LENGTH || c2.length == 0) {
            throw new BadCiphertextException(MALFORMED);
        }
        byte[] raw = new byte[1 + 2 * n + hash.length + c2.length];
        raw[0] = 0x04;
        System.arraycopy(x, 0, raw, 1, n);
        System.arraycopy(y, 0, raw, 1 + n, n);
        System.arraycopy(hash, 0, raw, 1 + 2 * n, hash.length);
        System.arraycopy(c2, 0, raw, 1 + 2 * n + hash.length, c2.length);
        return raw;
    }

    private static byte[] slice(byte[] a, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(a, off, out, 0, len);
        return out;
    }

    /** A minimal DER TLV reader: definite lengths only, bounds checked against the enclosing buffer. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        /** Reads the tag and length of a constructed value; returns the offset just past its content. */
        int enter(int tag) {
            int len = header(tag);
            return pos + len;
        }

        byte[] octetString() {
            int len = header(0x04);
            byte[] out = new byte[len];
            System.arraycopy(buf, pos, out, 0, len);
            pos += len;
            return out;
        }

        /** An INTEGER's content bytes read as unsigned, left-padded to {@code size} bytes. */
        byte[] unsignedInteger(int size) {
            int len = header(0x02);
            if (len == 0) {
                throw new BadCiphertextException(MALFORMED);
            }
            int start = pos;
            int end = pos + len;
            while (start < end - 1 && buf[start] == 0) {
                start++;
            }
            int significant = end - start;
            if (significant > size) {
                throw new BadCiphertextException(MALFORMED);
            }
            byte[] out = new byte[size];
            System.arraycopy(buf, start, out, size - significant, significant);
            pos = end;
            return out;
        }

        private int header(int tag) {
            if (pos + 2 > buf.length || (buf[pos] & 0xff) != tag) {
                throw new BadCiphertextException(MALFORMED);
            }
            pos++;
            int first = buf[pos++] & 0xff;
            int len;
            if (first < 0x80) {
                len = first;
            } else {
                int count = first & 0x7f;
                // 0x80 is BER's indefinite length: not DER. More than 3 length bytes cannot describe a ciphertext.
                if (count == 0 || count > 3 || pos + count > buf.length) {
                    throw new BadCiphertextException(MALFORMED);
                }
                len = 0;
                for (int i = 0; i < count; i++) {
                    len = (len << 8) | (buf[pos++] & 0xff);
                }
            }
            if (len > buf.length - pos) {
                throw new BadCiphertextException(MALFORMED);
            }
            return len;
        }
    }
}
