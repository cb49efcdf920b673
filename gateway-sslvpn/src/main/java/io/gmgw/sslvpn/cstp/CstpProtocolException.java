package io.gmgw.sslvpn.cstp;

/**
 * The peer broke the CSTP protocol (a bad frame header, an unknown type, an oversized frame, a frame where none may
 * come). The session that received it ends; the others go on.
 */
public final class CstpProtocolException extends RuntimeException {
    public CstpProtocolException(String message) {
        super(message);
    }
}
