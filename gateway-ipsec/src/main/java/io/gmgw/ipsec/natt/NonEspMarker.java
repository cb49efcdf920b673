package io.gmgw.ipsec.natt;

import java.util.Arrays;

/**
 * What arrives on UDP port 4500 after NAT traversal (RFC 3948 §2): an IKE message behind the 4-byte zero non-ESP
 * marker, an ESP packet (its first four bytes, the SPI, are never zero), or a NAT-keepalive (the single byte 0xFF,
 * §2.3). Sans-I/O: the caller passes the UDP payload and gets the kind and where the inner message starts.
 */
public final class NonEspMarker {
    public static final int LENGTH = 4;
    public static final int KEEPALIVE = 0xff;

    /** The kinds of a port-4500 datagram. */
    public enum Kind {
        /** ISAKMP after the marker: starts at {@link #LENGTH}. */
        IKE,
        /** ESP from the first byte. */
        ESP,
        /** NAT-keepalive: nothing to process. */
        KEEPALIVE,
        /** Neither: shorter than a marker or an SPI and not a keepalive; dropped and counted. */
        INVALID
    }

    private NonEspMarker() {
    }

    public static Kind classify(byte[] data, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        if (length == 1 && (data[offset] & 0xff) == KEEPALIVE) {
            return Kind.KEEPALIVE;
        }
        if (length < LENGTH) {
            return Kind.INVALID;
        }
        boolean zero = data[offset] == 0 && data[offset + 1] == 0 && data[offset + 2] == 0 && data[offset + 3] == 0;
        return zero ? Kind.IKE : Kind.ESP;
    }

    /** The datagram for an IKE message sent on port 4500: the marker, then the message. */
    public static byte[] prepend(byte[] isakmp) {
        byte[] out = new byte[LENGTH + isakmp.length];
        System.arraycopy(isakmp, 0, out, LENGTH, isakmp.length);
        return out;
    }

    /** The IKE message inside a datagram {@link #classify} called {@link Kind#IKE}. */
    public static byte[] strip(byte[] datagram) {
        if (classify(datagram, 0, datagram.length) != Kind.IKE) {
            throw new IllegalArgumentException("not an IKE message behind a non-ESP marker");
        }
        return Arrays.copyOfRange(datagram, LENGTH, datagram.length);
    }
}
