package io.gmgw.sslvpn.tlcp.record;

import io.gmgw.crypto.sm3.HmacSm3;
import io.gmgw.crypto.sm4.Sm4;
import io.gmgw.crypto.sm4.Sm4Cbc;
import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.ProtocolVersion;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.security.SecureRandom;

/**
 * SM4-CBC with HMAC-SM3, MAC-then-encrypt, explicit per-record IV (GM/T 0024 §6.3.3.4, as TLS 1.1):
 * fragment = IV(16) ‖ SM4-CBC(plaintext ‖ MAC(32) ‖ padding), every padding byte and the length byte equal to the
 * padding length.
 *
 * <p>Opening runs in time independent of the padding and of where the MAC check fails (the Lucky Thirteen
 * countermeasure): the padding is checked over a fixed 256-byte window with masks, the MAC is computed over the
 * length the padding implies (or the whole record when the padding is bad) and then the HMAC compresses as many
 * extra blocks as a maximal-padding record would have cost, and every failure gives the same alert.
 */
public final class CbcRecordCipher implements RecordCipher {
    private static final int IV = Sm4.BLOCK_LENGTH;
    private static final int MAC = HmacSm3.MAC_LENGTH;
    private static final int SM3_BLOCK = 64;

    private final Sm4Cbc cipher;
    private final HmacSm3 mac;
    private final SecureRandom random;
    private final byte[] header = new byte[13];
    private final byte[] expectedMac = new byte[MAC];
    /** Only read, never written: extra input for the MAC-timing countermeasure, shared by all connections. */
    private static final byte[] DUMMY = new byte[SM3_BLOCK * 5];

    public CbcRecordCipher(Sm4Cbc cipher, HmacSm3 mac, SecureRandom random) {
        this.cipher = cipher;
        this.mac = mac;
        this.random = random;
    }

    @Override
    public int maxSealedLength(int plaintextLength) {
        return IV + (plaintextLength + MAC) / IV * IV + IV;
    }

    @Override
    public int seal(long seq, int type, byte[] in, int inOff, int len, byte[] out, int outOff) {
        RecordCipher.additionalData(header, seq, type, ProtocolVersion.TLCP_1_1, len);
        int body = len + MAC;
        int pad = IV - body % IV; // 1..16 bytes including the length byte
        int total = body + pad;
        byte[] iv = new byte[IV];
        random.nextBytes(iv);
        System.arraycopy(iv, 0, out, outOff, IV);
        int p = outOff + IV;
        System.arraycopy(in, inOff, out, p, len);
        mac.update(header, 0, header.length).update(in, inOff, len);
        mac.doFinal(out, p + len);
        for (int i = body; i < total; i++) {
            out[p + i] = (byte) (pad - 1);
        }
        cipher.encrypt(iv, 0, out, p, total, out, p);
        return IV + total;
    }

    @Override
    public int open(long seq, int type, byte[] in, int inOff, int len, byte[] plain) {
        int ctLen = len - IV;
        // The shortest valid body is one block holding nothing, the MAC and one padding byte: 48 bytes.
        if (ctLen < MAC + IV || ctLen % IV != 0) {
            java.util.Arrays.fill(plain, 0, Math.min(plain.length, len), (byte) 0);
            throw badRecordMac();
        }
        cipher.decrypt(in, inOff, in, inOff + IV, ctLen, plain, 0);
        int padLen = plain[ctLen - 1] & 0xff;
        // good = all-ones when padLen + 1 + MAC <= ctLen and every padding byte equals padLen
        int good = ~((ctLen - (padLen + 1 + MAC)) >> 31);
        int window = Math.min(256, ctLen);
        for (int i = 1; i <= window; i++) {
            int inPad = ((i - 1) - padLen - 1) >> 31; // all ones when this byte is padding (i-1 <= padLen)
            int b = plain[ctLen - i] & 0xff;
            int equal = ((b ^ padLen) - 1) >> 31; // all ones when the byte holds padLen
            good &= ~inPad | equal;
        }
        // With bad padding the MAC is computed over the record as if there were no padding, as TLS stacks do.
        int dataLen = ctLen - MAC - ((padLen + 1) & good);
        RecordCipher.additionalData(header, seq, type, ProtocolVersion.TLCP_1_1, dataLen);
        mac.update(header, 0, header.length).update(plain, 0, dataLen);
        mac.doFinal(expectedMac, 0);
        // Extra compressions so that the MAC costs as much whatever dataLen was (13 header bytes, 9 bytes of SM3
        // length padding).
        int maxBlocks = (13 + ctLen - MAC + 8) / SM3_BLOCK;
        int usedBlocks = (13 + dataLen + 8) / SM3_BLOCK;
        int extra = maxBlocks - usedBlocks;
        if (extra > 0) {
            mac.update(DUMMY, 0, Math.min(DUMMY.length, extra * SM3_BLOCK));
        }
        mac.reset();
        int diff = 0;
        for (int i = 0; i < MAC; i++) {
            diff |= (expectedMac[i] ^ plain[dataLen + i]) & 0xff;
        }
        good &= ((diff - 1) >> 31);
        if (good != -1) {
            java.util.Arrays.fill(plain, 0, Math.min(plain.length, len), (byte) 0);
            throw badRecordMac();
        }
        return dataLen;
    }

    private static TlcpAlertException badRecordMac() {
        return new TlcpAlertException(AlertDescription.BAD_RECORD_MAC,
                "a protected record failed its padding or MAC check (altered in transit, or the keys do not match)");
    }

    @Override
    public void destroy() {
        cipher.destroy();
        mac.destroy();
    }
}
