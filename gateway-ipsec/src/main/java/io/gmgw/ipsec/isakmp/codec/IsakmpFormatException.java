package io.gmgw.ipsec.isakmp.codec;

/**
 * A malformed ISAKMP message: names the part that broke (header, a payload type, a proposal, an attribute), its
 * offset from the start of the message, what was wrong, and the RFC 2408 §3.14.1 notify type to answer with
 * ({@link io.gmgw.ipsec.isakmp.NotifyType}). The exchange that received it ends; the others go on.
 */
public final class IsakmpFormatException extends RuntimeException {
    private final int notifyType;
    private final String part;
    private final int offset;

    public IsakmpFormatException(int notifyType, String part, int offset, String detail) {
        super("malformed ISAKMP message: " + part + " at offset " + offset + ": " + detail);
        this.notifyType = notifyType;
        this.part = part;
        this.offset = offset;
    }

    /** The notify message type that reports this error to the peer. */
    public int notifyType() {
        return notifyType;
    }

    /** The part of the message: "header", a payload type such as "SECURITY_ASSOCIATION", "TRANSFORM", ... */
    public String part() {
        return part;
    }

    /** Offset of the broken part from the first byte of the ISAKMP header. */
    public int offset() {
        return offset;
    }
}
