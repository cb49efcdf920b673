package io.gmgw.sslvpn.tlcp.message;

import io.gmgw.sslvpn.tlcp.protocol.AlertDescription;
import io.gmgw.sslvpn.tlcp.protocol.TlcpAlertException;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Joins handshake records into messages: one message may span records, one record may carry several messages
 * (GM/T 0024 §6.4.5 inherits TLS's free fragmentation). A message longer than the configured limit is refused before
 * it is buffered.
 */
public final class HandshakeReassembler {
    private final int maxMessageLength;
    private byte[] buffer;
    private int length;

    public HandshakeReassembler(int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
    }

    /** Feeds one handshake record; each complete message goes to {@code sink}; stops early when it returns false. */
    public void add(byte[] data, int off, int len, Predicate<RawHandshake> sink) {
        if (buffer == null) {
            buffer = Arrays.copyOfRange(data, off, off + len);
            length = len;
        } else {
            if (buffer.length - length < len) {
                // Grow geometrically: a message sent in one-byte records must not cost a copy of it per record.
                buffer = Arrays.copyOf(buffer, Math.max(length + len, 2 * buffer.length));
            }
            System.arraycopy(data, off, buffer, length, len);
            length += len;
        }
        int p = 0;
        while (length - p >= 4) {
            int type = buffer[p] & 0xff;
            int bodyLength = ((buffer[p + 1] & 0xff) << 16) | ((buffer[p + 2] & 0xff) << 8) | (buffer[p + 3] & 0xff);
            if (bodyLength > maxMessageLength) {
                throw new TlcpAlertException(AlertDescription.DECODE_ERROR, HandshakeType.name(type) + " of "
                        + bodyLength + " bytes exceeds the limit of " + maxMessageLength + " bytes");
            }
            if (length - p < 4 + bodyLength) {
                break;
            }
            byte[] encoded = Arrays.copyOfRange(buffer, p, p + 4 + bodyLength);
            p += 4 + bodyLength;
            boolean go = sink.test(new RawHandshake(type, Arrays.copyOfRange(encoded, 4, encoded.length), encoded));
            if (!go) {
                break;
            }
        }
        if (p == length) {
            buffer = null;
            length = 0;
        } else if (p > 0) {
            buffer = Arrays.copyOfRange(buffer, p, length);
            length = buffer.length;
        }
    }

    /** Hands on the complete messages still buffered (left by a sink that said stop), as {@link #add} does. */
    public void drain(Predicate<RawHandshake> sink) {
        if (buffer != null) {
            add(buffer, 0, 0, sink);
        }
    }

    /** True when part of a message is waiting (a ChangeCipherSpec must not arrive then). */
    public boolean hasPartialMessage() {
        return length > 0;
    }
}
