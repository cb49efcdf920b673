package io.gmgw.sslvpn.tlcp.record;

import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.ProtocolVersion;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;

/**
 * Cuts the byte stream into records and back (GM/T 0024 §6.3.3): header type(1) ‖ version(2) ‖ length(2),
 * plaintext fragments of at most 2^14 bytes, protected fragments of at most 2^14 + 2048. One sequence number per
 * direction, reset when that direction's cipher changes.
 *
 * <p>Memory: a partial record is the only thing kept between calls, in a buffer sized to that record and dropped
 * as soon as it completes, so an idle connection holds no buffer at all.
 */
public final class RecordLayer {
    public static final int HEADER_LENGTH = 5;
    public static final int MAX_PLAINTEXT = 1 << 14;
    public static final int MAX_FRAGMENT = MAX_PLAINTEXT + 2048;

    /**
     * Receives each record's plaintext; returns false to stop reading (the connection is closing, or waits for a key
     * operation): the bytes after that record are left unread, for the caller to keep or drop.
     */
    @FunctionalInterface
    public interface RecordHandler {
        boolean record(int type, byte[] data, int off, int len);
    }

    private RecordCipher readCipher;
    private RecordCipher writeCipher;
    private long readSeq;
    private long writeSeq;
    private byte[] partial;
    private int partialLength;
    private int maxWriteFragment = MAX_PLAINTEXT;

    /** Largest plaintext fragment we write; smaller values (tests) split handshake messages across records. */
    public void maxWriteFragment(int max) {
        if (max < 1 || max > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("fragment size " + max + " is outside 1.." + MAX_PLAINTEXT);
        }
        this.maxWriteFragment = max;
    }

    public boolean readProtected() {
        return readCipher != null;
    }

    public boolean writeProtected() {
        return writeCipher != null;
    }

    /** Bytes of a partial record waiting for the rest. */
    public int bufferedBytes() {
        return partialLength;
    }

    public void changeReadCipher(RecordCipher cipher) {
        if (readCipher != null) {
            readCipher.destroy();
        }
        readCipher = cipher;
        readSeq = 0;
    }

    public void changeWriteCipher(RecordCipher cipher) {
        if (writeCipher != null) {
            writeCipher.destroy();
        }
        writeCipher = cipher;
        writeSeq = 0;
    }

    /**
     * Feeds bytes from the network; complete records go to {@code handler} in order. Returns how many bytes were
     * taken: all of them, unless the handler stopped the reading.
     */
    public int receive(byte[] in, int off, int len, RecordHandler handler) {
        int p = off;
        int end = off + len;
        if (partialLength > 0) {
            int headerMissing = HEADER_LENGTH - partialLength;
            if (headerMissing > 0) {
                int n = Math.min(headerMissing, end - p);
                System.arraycopy(in, p, partial, partialLength, n);
                partialLength += n;
                p += n;
                if (partialLength < HEADER_LENGTH) {
                    return len;
                }
                int fragment = checkHeader(partial, 0);
                partial = java.util.Arrays.copyOf(partial, HEADER_LENGTH + fragment);
            }
            int n = Math.min(partial.length - partialLength, end - p);
            System.arraycopy(in, p, partial, partialLength, n);
            partialLength += n;
            p += n;
            if (partialLength < partial.length) {
                return len;
            }
            byte[] record = partial;
            partial = null;
            partialLength = 0;
            if (!dispatch(record, 0, handler)) {
                return p - off;
            }
        }
        while (end - p >= HEADER_LENGTH) {
            int fragment = checkHeader(in, p);
            if (end - p < HEADER_LENGTH + fragment) {
                break;
            }
            p += HEADER_LENGTH + fragment;
            if (!dispatch(in, p - HEADER_LENGTH - fragment, handler)) {
                return p - off;
            }
        }
        if (p < end) {
            int rest = end - p;
            int size = rest >= HEADER_LENGTH ? HEADER_LENGTH + checkHeader(in, p) : HEADER_LENGTH;
            partial = new byte[size];
            System.arraycopy(in, p, partial, 0, rest);
            partialLength = rest;
        }
        return len;
    }

    private int checkHeader(byte[] b, int off) {
        int type = b[off] & 0xff;
        int version = ((b[off + 1] & 0xff) << 8) | (b[off + 2] & 0xff);
        int length = ((b[off + 3] & 0xff) << 8) | (b[off + 4] & 0xff);
        if (type < ContentType.CHANGE_CIPHER_SPEC || type > ContentType.APPLICATION_DATA) {
            throw new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE,
                    "record of unknown content type " + type + " (TLCP has 20..23); is the peer speaking TLCP?");
        }
        if (version != ProtocolVersion.TLCP_1_1) {
            throw new TlcpAlertException(AlertDescription.PROTOCOL_VERSION, "record version 0x%04X; TLCP uses 0x0101"
                    .formatted(version) + (version >= 0x0300 && version <= 0x0304 ? " (the peer speaks TLS/SSL)" : ""));
        }
        int max = readCipher == null ? MAX_PLAINTEXT : MAX_FRAGMENT;
        if (length > max) {
            throw new TlcpAlertException(AlertDescription.RECORD_OVERFLOW,
                    "record of " + length + " bytes; at most " + max + " are allowed here");
        }
        return length;
    }

    private boolean dispatch(byte[] b, int off, RecordHandler handler) {
        int type = b[off] & 0xff;
        int length = ((b[off + 3] & 0xff) << 8) | (b[off + 4] & 0xff);
        int fragment = off + HEADER_LENGTH;
        if (readCipher == null) {
            checkEmpty(type, length);
            return handler.record(type, b, fragment, length);
        }
        byte[] plain = new byte[length];
        int n = readCipher.open(nextReadSeq(), type, b, fragment, length, plain);
        if (n > MAX_PLAINTEXT) {
            throw new TlcpAlertException(AlertDescription.RECORD_OVERFLOW,
                    "protected record holds " + n + " bytes of plaintext; at most " + MAX_PLAINTEXT + " are allowed");
        }
        checkEmpty(type, n);
        return handler.record(type, plain, 0, n);
    }

    private static void checkEmpty(int type, int length) {
        // TLS 1.1 §6.2.1: zero-length fragments may be sent only for application data.
        if (length == 0 && type != ContentType.APPLICATION_DATA) {
            throw new TlcpAlertException(AlertDescription.UNEXPECTED_MESSAGE,
                    "empty " + ContentType.name(type) + " record");
        }
    }

    private long nextReadSeq() {
        if (readSeq == -1L) {
            throw new TlcpAlertException(AlertDescription.INTERNAL_ERROR, "read sequence number exhausted");
        }
        return readSeq++;
    }

    private long nextWriteSeq() {
        if (writeSeq == -1L) {
            throw new TlcpAlertException(AlertDescription.INTERNAL_ERROR, "write sequence number exhausted");
        }
        return writeSeq++;
    }

    /** Protects {@code data} as records of {@code type}, split at the fragment limit; returns the bytes to send. */
    public byte[] write(int type, byte[] data, int off, int len) {
        int max = type == ContentType.HANDSHAKE ? maxWriteFragment : MAX_PLAINTEXT;
        int records = Math.max(1, (len + max - 1) / max);
        int size = 0;
        for (int i = 0; i < records; i++) {
            int n = Math.min(max, len - i * max);
            size += HEADER_LENGTH + (writeCipher == null ? n : writeCipher.maxSealedLength(n));
        }
        byte[] out = new byte[size];
        int p = 0;
        for (int i = 0; i < records; i++) {
            int n = Math.min(max, len - i * max);
            out[p] = (byte) type;
            out[p + 1] = (byte) ProtocolVersion.MAJOR;
            out[p + 2] = (byte) ProtocolVersion.MINOR;
            int fragment;
            if (writeCipher == null) {
                System.arraycopy(data, off + i * max, out, p + HEADER_LENGTH, n);
                fragment = n;
            } else {
                fragment = writeCipher.seal(nextWriteSeq(), type, data, off + i * max, n, out, p + HEADER_LENGTH);
            }
            out[p + 3] = (byte) (fragment >>> 8);
            out[p + 4] = (byte) fragment;
            p += HEADER_LENGTH + fragment;
        }
        return p == size ? out : java.util.Arrays.copyOf(out, p);
    }

    /** Wipes both directions' keys. */
    public void destroy() {
        changeReadCipher(null);
        changeWriteCipher(null);
        partial = null;
        partialLength = 0;
    }
}
