package io.gmgw.sslvpn.tlcp.record;

import io.gmgw.crypto.core.BadCiphertextException;
import io.gmgw.crypto.sm4.Sm4Gcm;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.ProtocolVersion;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.util.Arrays;

/**
 * SM4-GCM records (GB/T 38636-2020, laid out as RFC 5288): fragment = explicit nonce(8) ‖ ciphertext ‖ tag(16);
 * nonce = the 4-byte implicit part from the key block ‖ the explicit part. We send the sequence number as the
 * explicit part, so a nonce never repeats under one key; we accept whatever the peer sends.
 */
public final class GcmRecordCipher implements RecordCipher {
    private static final int EXPLICIT = 8;

    private final Sm4Gcm gcm;
    private final byte[] nonce = new byte[Sm4Gcm.NONCE_LENGTH];
    private final byte[] aad = new byte[13];

    public GcmRecordCipher(Sm4Gcm gcm, byte[] implicitNonce) {
        if (implicitNonce.length != 4) {
            throw new IllegalArgumentException("the implicit GCM nonce has 4 bytes, not " + implicitNonce.length);
        }
        this.gcm = gcm;
        System.arraycopy(implicitNonce, 0, nonce, 0, 4);
    }

    @Override
    public int maxSealedLength(int plaintextLength) {
        return EXPLICIT + plaintextLength + Sm4Gcm.TAG_LENGTH;
    }

    @Override
    public int seal(long seq, int type, byte[] in, int inOff, int len, byte[] out, int outOff) {
        for (int i = 0; i < EXPLICIT; i++) {
            byte b = (byte) (seq >>> (56 - 8 * i));
            nonce[4 + i] = b;
            out[outOff + i] = b;
        }
        RecordCipher.additionalData(aad, seq, type, ProtocolVersion.TLCP_1_1, len);
        return EXPLICIT + gcm.seal(nonce, 0, nonce.length, aad, 0, aad.length, in, inOff, len, out, outOff + EXPLICIT);
    }

    @Override
    public int open(long seq, int type, byte[] in, int inOff, int len, byte[] out) {
        int ctLen = len - EXPLICIT - Sm4Gcm.TAG_LENGTH;
        if (ctLen < 0) {
            throw refused(out, len);
        }
        System.arraycopy(in, inOff, nonce, 4, EXPLICIT);
        RecordCipher.additionalData(aad, seq, type, ProtocolVersion.TLCP_1_1, ctLen);
        try {
            return gcm.open(nonce, 0, nonce.length, aad, 0, aad.length, in, inOff + EXPLICIT, len - EXPLICIT, out, 0);
        } catch (BadCiphertextException e) {
            // As the CBC path does: the output region holds nothing once the record is refused. Sm4Gcm checks the tag
            // before it writes a byte, but the caller's buffer may hold an earlier record's plaintext, and a GCM that
            // decrypts first would leave the forged candidate here.
            throw refused(out, len);
        }
    }

    /** Zeroes what {@code out} holds where a plaintext could be, then gives the one alert for every failure. */
    private static TlcpAlertException refused(byte[] out, int len) {
        Arrays.fill(out, 0, Math.min(out.length, len), (byte) 0);
        return badRecordMac();
    }

    private static TlcpAlertException badRecordMac() {
        return new TlcpAlertException(AlertDescription.BAD_RECORD_MAC,
                "a protected record failed its GCM authentication (altered in transit, or the keys do not match)");
    }

    @Override
    public void destroy() {
        gcm.destroy();
    }
}
