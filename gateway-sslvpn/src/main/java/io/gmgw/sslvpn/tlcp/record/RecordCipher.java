package io.gmgw.sslvpn.tlcp.record;

import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;

/**
 * Protection of one direction of a connection after ChangeCipherSpec: seals plaintext fragments into record
 * fragments and opens them again. The sequence number is kept by the {@link RecordLayer}; the cipher only uses it.
 */
public interface RecordCipher {
    /** The largest fragment {@link #seal} can produce for {@code plaintextLength} bytes. */
    int maxSealedLength(int plaintextLength);

    /** Protects {@code in[inOff, inOff+len)} as a record of {@code type}; writes the fragment at {@code out[outOff]}. */
    int seal(long seq, int type, byte[] in, int inOff, int len, byte[] out, int outOff);

    /**
     * Authenticates and decrypts the fragment {@code in[inOff, inOff+len)} into {@code out} (at least {@code len}
     * bytes) from index 0 and returns the plaintext length; throws {@link TlcpAlertException} with bad_record_mac on
     * any failure, without saying which check failed, and with {@code out[0, len)} zeroed (as far as {@code out}
     * reaches): no candidate plaintext, nor an earlier record's plaintext in a reused buffer, is left.
     */
    int open(long seq, int type, byte[] in, int inOff, int len, byte[] out);

    /** Wipes the keys; the cipher is unusable afterwards. */
    void destroy();

    /** Writes the 13 bytes both suites authenticate: seq_num(8) ‖ type(1) ‖ version(2) ‖ length(2). */
    static void additionalData(byte[] out, long seq, int type, int version, int length) {
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (seq >>> (56 - 8 * i));
        }
        out[8] = (byte) type;
        out[9] = (byte) (version >>> 8);
        out[10] = (byte) version;
        out[11] = (byte) (length >>> 8);
        out[12] = (byte) length;
    }
}
